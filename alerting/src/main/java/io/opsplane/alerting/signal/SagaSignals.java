package io.opsplane.alerting.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What alerting asks about saga state; the application that tracks sagas answers it. Every method
 * must stay cheap on a table of millions of sagas: rules call them every evaluation interval.
 */
public interface SagaSignals {

    /**
     * Sagas stuck now, one entry per saga type, step and stuck reason (null filters match any), with
     * the count and a few sample correlation keys, oldest stuck first.
     */
    List<StuckSagas> stuck(String sagaType, String step, String reason);

    /**
     * Per saga type (or the one given), the sagas started within {@code window} before {@code now}
     * and how many of those have failed (failed, compensating, compensated, or stuck not compensated).
     */
    List<FailureRatio> failureRatio(String sagaType, Duration window, Instant now);

    record StuckSagas(String sagaType, String step, String reason, String service, long count,
                      List<String> sampleIds) {
    }

    record FailureRatio(String sagaType, long started, long failed) {
        public double ratio() {
            return started == 0 ? 0 : (double) failed / started;
        }
    }
}
