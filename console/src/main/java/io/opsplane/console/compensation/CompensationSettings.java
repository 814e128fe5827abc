package io.opsplane.console.compensation;

import java.time.Instant;

import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The global switches, kept in the database so every console instance obeys the same ones: the kill switch
 * (automatic compensation and bulk jobs stop at once) and the approval threshold (an action or job that
 * affects more sagas than this needs a second operator's approval; 0 makes every single action need one).
 */
@Service
public class CompensationSettings {

    public record Settings(boolean killSwitch, int approvalThreshold, String updatedBy, Instant updatedAt) {

        /** Whether acting on {@code sagas} sagas at once needs a second operator. */
        public boolean needsApproval(long sagas) {
            return sagas > approvalThreshold;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;

    CompensationSettings(JdbcTemplate jdbc, TransactionTemplate transaction, AuditLog audit) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
    }

    public Settings current() {
        return jdbc.queryForObject("SELECT * FROM compensation_settings WHERE id = 1", (rs, n) -> new Settings(
                rs.getBoolean("kill_switch"), rs.getInt("approval_threshold"), rs.getString("updated_by"),
                rs.getTimestamp("updated_at").toInstant()));
    }

    /** Changes the switches (ADMIN), with a reason, audited. Null leaves a value as it is. */
    public Settings update(Boolean killSwitch, Integer approvalThreshold, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        if (approvalThreshold != null && approvalThreshold < 0) {
            throw new IllegalArgumentException("approvalThreshold must be 0 or more, not " + approvalThreshold);
        }
        return transaction.execute(tx -> {
            Settings before = jdbc.queryForObject("SELECT kill_switch, approval_threshold FROM compensation_settings"
                    + " WHERE id = 1 FOR UPDATE", (rs, n) -> new Settings(rs.getBoolean(1), rs.getInt(2), null, null));
            boolean kill = killSwitch != null ? killSwitch : before.killSwitch();
            int threshold = approvalThreshold != null ? approvalThreshold : before.approvalThreshold();
            jdbc.update("UPDATE compensation_settings SET kill_switch = ?, approval_threshold = ?, updated_by = ?,"
                    + " updated_at = now() WHERE id = 1", kill, threshold, actor);
            audit.entry(actor, AuditActions.SETTINGS_CHANGED).reason(reason.trim())
                    .details(JSON.createObjectNode().put("killSwitch", kill).put("approvalThreshold", threshold)
                            .put("killSwitchBefore", before.killSwitch())
                            .put("approvalThresholdBefore", before.approvalThreshold()))
                    .outcome("kill switch " + (kill ? "ON" : "off") + ", approval above " + threshold + " sagas")
                    .record();
            return current();
        });
    }
}
