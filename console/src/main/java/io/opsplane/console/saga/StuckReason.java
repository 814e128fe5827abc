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
     * Why an instance that fell due at {@code dueAt} is stuck: a saga deadline passed by then outweighs everything,
     * then a failure nobody began to compensate, and otherwise the step it waits on has timed out. Judged at the
     * moment it fell due, not when a scan got to it, so the same state always gets the same reason. The state
     * machine's own rule, kept beside it; the scan only asks.
     */
    public static StuckReason of(SagaStatus status, Instant sagaDeadline, Instant dueAt) {
        if (sagaDeadline != null && !sagaDeadline.isAfter(dueAt)) {
            return DEADLINE;
        }
        return status == SagaStatus.FAILED ? FAILED_NOT_COMPENSATED : STEP_TIMEOUT;
    }
}
