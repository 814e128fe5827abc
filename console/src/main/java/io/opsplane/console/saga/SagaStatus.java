package io.opsplane.console.saga;

public enum SagaStatus {
    RUNNING, STUCK, FAILED, COMPENSATING, COMPENSATED, COMPLETED;

    public boolean terminal() {
        return this == COMPENSATED || this == COMPLETED;
    }
}
