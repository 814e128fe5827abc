package io.opsplane.console.alerting;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.opsplane.alerting.signal.CommandOutboxSignals;
import io.opsplane.console.compensation.ActionOutcomes;
import org.springframework.stereotype.Component;

/** Answers command-outbox-age rules from the compensation commands still waiting for their destination. */
@Component
class OutboxAlertSignals implements CommandOutboxSignals {

    private final ActionOutcomes outcomes;
    private final Clock clock;

    OutboxAlertSignals(ActionOutcomes outcomes, Clock clock) {
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public List<WaitingCommands> waiting() {
        return outcomes.waitingCommands().stream().map(w -> new WaitingCommands(w.destination(), w.count(),
                Duration.between(w.oldestSince(), clock.instant()), w.oldestActionId(), w.oldestSagaId())).toList();
    }
}
