package io.opsplane.console.saga;

import java.time.Instant;

/** Why the stuck scan stopped waiting for an instance. */
public enum StuckReason {
    /** The step it waits on passed its timeout. */
    STEP_TIMEOUT,
    /** The whole saga passed its deadline. */
    DEADLINE,
    /** A step failed and no compensation began within the grace time. */
    FAILED_NOT_COMPENSATED;

    /**
     * Why an instance that fell due at {@code now} is stuck: a passed saga deadline outweighs everything, then a
     * failure nobody began to compensate, and otherwise the step it waits on has timed out. The state machine's
     * own rule, kept beside it; the scan only asks.
     */
    public static StuckReason of(SagaStatus status, Instant sagaDeadline, Instant now) {
        if (sagaDeadline != null && !sagaDeadline.isAfter(now)) {
            return DEADLINE;
        }
        return status == SagaStatus.FAILED ? FAILED_NOT_COMPENSATED : STEP_TIMEOUT;
    }
}
