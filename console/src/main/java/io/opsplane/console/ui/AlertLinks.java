package io.opsplane.console.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.opsplane.alerting.signal.CompensationSignals;
import io.opsplane.alerting.signal.ConsoleLinks;
import io.opsplane.console.compensation.ActionStatus;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import org.springframework.stereotype.Component;

/**
 * The console's answer to alerting's {@link ConsoleLinks}: each link is the location of the view's own query
 * object ({@link SagaListQuery}, {@link TraceSearchQuery}, {@link LogSearchQuery}), the same code that reads the
 * URL back when the link is opened, so an alert cannot name a parameter its view ignores. It sits beside the query
 * objects (package-private on purpose) rather than in the alerting wiring, which would tie that package to the UI.
 */
@Component
class AlertLinks implements ConsoleLinks {

    /** What {@code ActionOutcomes} reports as the step of an action that names none: no step filter. */
    private static final String NO_STEP = "(none)";

    @Override
    public String stuckSagas(String sagaType, String step, String reason) {
        return SagaListQuery.location(new SagaFilter(sagaType, SagaStatus.STUCK, stuckReason(reason), null, null, null,
                null, null, null, null, null, null).withStep(step));
    }

    @Override
    public String failingSagas(String sagaType, Instant startedFrom) {
        return SagaListQuery.location(new SagaFilter(sagaType, null, null, null, null, null, null, startedFrom, null,
                null, null, null));
    }

    @Override
    public String compensationProblems(String sagaType, String step, CompensationSignals.Outcome outcome) {
        return SagaListQuery.location(new SagaFilter(sagaType, null, null, null, null, null, null, null, null, null,
                null, null), new SagaListQuery.CompensationFilter(
                ActionStatus.valueOf(outcome.name()), step == null || step.equals(NO_STEP) ? null : step));
    }

    @Override
    public String failingTraces(String service, String operation, Duration lookback) {
        return traces(service, operation, lookback).withTags(Map.of("error", "true")).location();
    }

    @Override
    public String slowTraces(String service, String operation, Duration minDuration, Duration lookback) {
        return traces(service, operation, lookback).withMinDuration(minDuration).location();
    }

    @Override
    public String logs(String query, String service, Duration lookback) {
        return new LogSearchQuery(query, service, null, null, TimeWindow.last(lookback)).location();
    }

    private static TraceSearchQuery traces(String service, String operation, Duration lookback) {
        return new TraceSearchQuery(service, operation, Map.of(), null, null, TimeWindow.last(lookback),
                TraceSearchQuery.DEFAULT_LIMIT);
    }

    /** A reason the saga list does not know is left out rather than breaking the link. */
    private static StuckReason stuckReason(String reason) {
        try {
            return reason == null ? null : StuckReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
