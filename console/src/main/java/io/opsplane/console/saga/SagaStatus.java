package io.opsplane.console.saga;

public enum SagaStatus {
    RUNNING, STUCK, FAILED, COMPENSATING, COMPENSATED, COMPLETED,
    /** Closed by an operator with a reason (fixed outside); a later event of the saga makes Opsplane follow it again. */
    RESOLVED;

    public boolean terminal() {
        return this == COMPENSATED || this == COMPLETED || this == RESOLVED;
    }
}
