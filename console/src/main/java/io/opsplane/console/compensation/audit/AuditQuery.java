package io.opsplane.console.compensation.audit;

import java.time.Instant;

/** Which audit entries to list; null fields do not filter. {@code from} is inclusive, {@code to} exclusive. */
public record AuditQuery(String actor, String action, Long sagaId, Long actionId, Long bulkJobId, Instant from,
                         Instant to) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null, null);
}
