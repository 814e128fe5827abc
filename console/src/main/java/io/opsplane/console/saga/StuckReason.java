package io.opsplane.console.saga;

/** Why the stuck scan stopped waiting for an instance. */
public enum StuckReason {
    /** The step it waits on passed its timeout. */
    STEP_TIMEOUT,
    /** The whole saga passed its deadline. */
    DEADLINE,
    /** A step failed and no compensation began within the grace time. */
    FAILED_NOT_COMPENSATED
}
