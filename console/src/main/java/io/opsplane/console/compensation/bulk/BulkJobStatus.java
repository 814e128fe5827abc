package io.opsplane.console.compensation.bulk;

/** Where a bulk job stands. */
public enum BulkJobStatus {
    /** More sagas than the approval threshold: waits for a second operator. */
    PENDING_APPROVAL,
    /** Acting on the first few sagas (the canary batch). */
    CANARY,
    /** The canary batch is done: paused until someone has looked at its results and resumes. */
    REVIEW,
    /** Acting on the rest, at the job's rate. */
    RUNNING,
    PAUSED,
    CANCELLED,
    REJECTED,
    DONE;

    public boolean finished() {
        return this == CANCELLED || this == REJECTED || this == DONE;
    }
}
