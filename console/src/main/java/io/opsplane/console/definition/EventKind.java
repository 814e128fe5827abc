package io.opsplane.console.definition;

/** What an event means for its saga instance. */
public enum EventKind {
    STARTED, STEP_DONE, STEP_FAILED, COMPENSATING, COMPENSATED, COMPLETED
}
