package io.opsplane.console.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.alerting.signal.SagaSignals;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.saga.SagaAttention;
import io.opsplane.console.saga.SagaFlows;
import org.springframework.stereotype.Component;

/** Answers alert rules from saga state, through the saga feature's own aggregates. */
@Component
record SagaStateSignals(SagaAttention sagas, SagaFlows flows, SagaDefinitions definitions) implements SagaSignals {

    private static final int SAMPLES = 5;

    @Override
    public List<StuckSagas> stuck(String sagaType, String step, String reason) {
        return sagas.stuck(sagaType, step, reason, SAMPLES).stream().map(g -> new StuckSagas(g.sagaType(), g.step(),
                g.reason(), g.service(), g.count(), g.oldestCorrelationKeys())).toList();
    }

    @Override
    public List<StepDuration> stepDurations(String sagaType, Duration window, Instant now) {
        List<StepDuration> out = new ArrayList<>();
        for (String type : sagaType != null ? List.of(sagaType) : definitions.types()) {
            flows.stepTimings(type, now.minus(window), now).forEach(t -> out.add(new StepDuration(t.sagaType(),
                    t.step(), t.service(), t.finished(), t.p95(), t.timeout())));
        }
        return out;
    }

    @Override
    public List<FailureRatio> failureRatio(String sagaType, Duration window, Instant now) {
        return sagas.failures(sagaType, now.minus(window), now).stream()
                .map(f -> new FailureRatio(f.sagaType(), f.started(), f.failed())).toList();
    }
}
