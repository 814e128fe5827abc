package io.opsplane.console.alerting;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.opsplane.alerting.signal.CompensationSignals;
import io.opsplane.console.compensation.ActionOutcomes;
import io.opsplane.console.compensation.ActionStatus;
import org.springframework.stereotype.Component;

/**
 * Answers compensation alert rules from operator actions that ended UNVERIFIED or FAILED within the last
 * hour: such an alert fires when an action's effect did not show, and resolves an hour after the last one.
 */
@Component
class CompensationAlertSignals implements CompensationSignals {

    static final Duration WINDOW = Duration.ofHours(1);

    private final ActionOutcomes outcomes;
    private final Clock clock;

    CompensationAlertSignals(ActionOutcomes outcomes, Clock clock) {
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public List<CompensationProblems> problems(String sagaType, String step) {
        return outcomes.unsuccessfulSince(clock.instant().minus(WINDOW)).stream()
                .filter(a -> sagaType == null || sagaType.equals(a.sagaType()))
                .filter(a -> step == null || step.equals(a.step()))
                .map(a -> new CompensationProblems(a.sagaType(), a.step(),
                        a.status() == ActionStatus.UNVERIFIED ? Outcome.UNVERIFIED : Outcome.FAILED, a.count(),
                        List.of("action " + a.latestActionId())))
                .toList();
    }
}
