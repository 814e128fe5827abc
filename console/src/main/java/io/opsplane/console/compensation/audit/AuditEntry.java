package io.opsplane.console.compensation.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One line of the audit log: who ({@code actor}: a user, {@code policy:<name>} or {@code opsplane} for what the
 * application observed), when, what ({@code action}, see {@link AuditActions}), on which saga, action, bulk job or
 * policy, why ({@code reason}), the commands as previewed, and the outcome.
 */
public record AuditEntry(
        long id,
        Instant recordedAt,
        String actor,
        String action,
        Long sagaId,
        String sagaType,
        Long actionId,
        Long bulkJobId,
        Long policyId,
        String reason,
        JsonNode commands,
        String outcome,
        JsonNode details) {
}
