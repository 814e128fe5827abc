package io.opsplane.console.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.opsplane.alerting.signal.SagaSignals;
import io.opsplane.console.saga.SagaAttention;
import org.springframework.stereotype.Component;

/** Answers alert rules from saga state, through the saga feature's own aggregates. */
@Component
class SagaStateSignals implements SagaSignals {

    private static final int SAMPLES = 5;

    private final SagaAttention sagas;

    SagaStateSignals(SagaAttention sagas) {
        this.sagas = sagas;
    }

    @Override
    public List<StuckSagas> stuck(String sagaType, String step, String reason) {
        return sagas.stuck(sagaType, step, reason, SAMPLES).stream().map(g -> new StuckSagas(g.sagaType(), g.step(),
                g.reason(), g.service(), g.count(), g.oldestCorrelationKeys())).toList();
    }

    @Override
    public List<FailureRatio> failureRatio(String sagaType, Duration window, Instant now) {
        return sagas.failures(sagaType, now.minus(window), now).stream()
                .map(f -> new FailureRatio(f.sagaType(), f.started(), f.failed())).toList();
    }
}
