package io.opsplane.console.compensation.audit;

import java.time.Instant;
import java.util.Set;

/**
 * Which audit entries to list; null fields do not filter. {@code from} is inclusive, {@code to} exclusive.
 * {@code sagaIds}: only entries about these sagas (those a business key found); an empty set matches none.
 */
public record AuditQuery(String actor, String action, Long sagaId, Long actionId, Long bulkJobId, Instant from,
                         Instant to, Set<Long> sagaIds) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null, null);

    public AuditQuery {
        sagaIds = sagaIds == null ? null : Set.copyOf(sagaIds);
    }

    public AuditQuery(String actor, String action, Long sagaId, Long actionId, Long bulkJobId, Instant from,
                      Instant to) {
        this(actor, action, sagaId, actionId, bulkJobId, from, to, null);
    }
}
