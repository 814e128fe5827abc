package io.opsplane.console.compensation.audit;

/** The names the audit log records actions under; {@code GET /api/audit?action=} takes them. */
public final class AuditActions {

    public static final String ACTION_REQUESTED = "ACTION_REQUESTED";
    public static final String ACTION_APPROVED = "ACTION_APPROVED";
    public static final String ACTION_REJECTED = "ACTION_REJECTED";
    public static final String ACTION_VERIFIED = "ACTION_VERIFIED";
    public static final String ACTION_UNVERIFIED = "ACTION_UNVERIFIED";
    public static final String ACTION_FAILED = "ACTION_FAILED";
    public static final String ACTION_CANCELLED = "ACTION_CANCELLED";
    public static final String SAGA_RESOLVED = "SAGA_RESOLVED";
    public static final String BULK_CREATED = "BULK_CREATED";
    public static final String BULK_APPROVED = "BULK_APPROVED";
    public static final String BULK_BREAK_GLASS = "BULK_BREAK_GLASS";
    public static final String BULK_REJECTED = "BULK_REJECTED";
    public static final String BULK_CANARY_DONE = "BULK_CANARY_DONE";
    public static final String BULK_RESUMED = "BULK_RESUMED";
    public static final String BULK_PAUSED = "BULK_PAUSED";
    public static final String BULK_CANCELLED = "BULK_CANCELLED";
    public static final String BULK_FINISHED = "BULK_FINISHED";
    public static final String POLICY_CREATED = "POLICY_CREATED";
    public static final String POLICY_DELETED = "POLICY_DELETED";
    public static final String SETTINGS_CHANGED = "SETTINGS_CHANGED";
    /** A retention pass an ADMIN ran by hand (scheduled passes are logged, not audited). */
    public static final String RETENTION_RUN = "RETENTION_RUN";

    private AuditActions() {
    }
}
