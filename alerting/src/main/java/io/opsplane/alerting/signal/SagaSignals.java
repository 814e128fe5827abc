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

    /**
     * Per step of each saga type (or the one given), how long the step took at the 95th percentile for the sagas
     * started within {@code window} before {@code now}, against the step's timeout.
     */
    List<StepDuration> stepDurations(String sagaType, Duration window, Instant now);

    /** {@code finished} sagas did {@code step} (of {@code service}) in the window; {@code p95} is null when none did. */
    record StepDuration(String sagaType, String step, String service, long finished, Duration p95, Duration timeout) {
        /** The p95 as a share of the timeout; 0 without either. */
        public double ofTimeout() {
            return p95 == null || timeout == null || timeout.isZero() ? 0 : (double) p95.toMillis() / timeout.toMillis();
        }
    }

    record StuckSagas(String sagaType, String step, String reason, String service, long count,
                      List<String> sampleIds) {
    }

    record FailureRatio(String sagaType, long started, long failed) {
        public double ratio() {
            return started == 0 ? 0 : (double) failed / started;
        }
    }
}
