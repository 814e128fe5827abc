package io.opsplane.console.compensation.bulk;

import java.time.Instant;
import java.util.Map;

import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.Origin;

/**
 * A bulk action: the sagas its filter selected when it was created ({@code total}), how many were processed,
 * acted on or skipped, and the actions' statuses so far ({@code actions}: status → count).
 */
public record BulkJob(long id, ActionKind kind, SagaSelection filter, String reason, String requestedBy, Origin origin,
                      Long policyId, BulkJobStatus status, int total, int canarySize, int ratePerSecond,
                      int processed, int acted, int skipped, String approvedBy, Instant createdAt, Instant updatedAt,
                      Instant finishedAt, Map<String, Long> actions) {

    /** Processed share, 0 to 1. */
    public double progress() {
        return total == 0 ? 1.0 : (double) processed / total;
    }
}
