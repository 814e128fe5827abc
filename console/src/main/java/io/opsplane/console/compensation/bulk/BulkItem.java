package io.opsplane.console.compensation.bulk;

import java.time.Instant;

/**
 * One saga of a bulk job: PENDING, ACTED (with its action, whose status and outcome follow it), SKIPPED (with
 * why: the saga no longer allowed the action, or had one already) or CANCELLED (the job was cancelled first).
 */
public record BulkItem(int seq, long sagaId, String state, Long actionId, String actionStatus, String result,
                       Instant processedAt) {
}
