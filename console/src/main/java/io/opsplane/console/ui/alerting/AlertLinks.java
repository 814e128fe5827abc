package io.opsplane.console.ui.alerting;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.alerting.signal.CompensationSignals;
import io.opsplane.alerting.signal.ConsoleLinks;
import io.opsplane.console.compensation.ActionStatus;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.ui.kafka.KafkaView;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.migration.MigrationView;
import io.opsplane.console.ui.saga.SagaFlowView;
import io.opsplane.console.ui.saga.SagaListQuery;
import io.opsplane.console.ui.saga.SagaListView;
import io.opsplane.console.ui.telemetry.TelemetryLinks;
import org.springframework.stereotype.Component;

/**
 * The console's answer to alerting's {@link ConsoleLinks}: each link is the location of the view's own query
 * object ({@link SagaListQuery}, and through {@link TelemetryLinks} the trace and log search queries), the same
 * code that reads the URL back when the link is opened, so an alert cannot name a parameter its view ignores. It
 * sits in the alerting UI rather than in the alerting wiring ({@code console.alerting}), which the UI depends on:
 * that way round would close a package cycle.
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
        return TelemetryLinks.failingTraces(service, operation, lookback);
    }

    @Override
    public String slowTraces(String service, String operation, Duration minDuration, Duration lookback) {
        return TelemetryLinks.slowTraces(service, operation, minDuration, lookback);
    }

    @Override
    public String migration(String route, Duration lookback) {
        return MigrationView.location(TimeWindow.last(lookback), route);
    }

    @Override
    public String logs(String query, String service, Duration lookback) {
        return TelemetryLinks.logs(query, service, lookback);
    }

    @Override
    public String saga(long sagaId) {
        return SagaListView.PATH + "/" + sagaId;
    }

    @Override
    public String sagaFlow(String sagaType, Duration lookback) {
        return SagaFlowView.location(sagaType, TimeWindow.last(lookback));
    }

    @Override
    public String consumerGroup(String group) {
        return KafkaView.location(group);
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
