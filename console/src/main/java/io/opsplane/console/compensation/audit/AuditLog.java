package io.opsplane.console.compensation.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.opsplane.console.sql.FilteredQuery;
import io.opsplane.console.web.FreeText;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log of operator actions. Entries are written in the caller's transaction (with the
 * decision they record) and announced as {@link OperatorActionRecorded} after it commits. There is no update
 * or delete here, the table's trigger refuses both, and the console's database role has no right to them. The
 * database chains each entry to the previous one by hash as it is inserted ({@link AuditChain} checks it);
 * the chain's head stays locked until the inserting transaction commits.
 */
@Service
public class AuditLog {

    public static final int MAX_PAGE = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    AuditLog(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** An entry to fill in and {@link Entry#record() record}. */
    public Entry entry(String actor, String action) {
        return new Entry(actor, action);
    }

    public AuditPage find(AuditQuery query, String before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", not " + limit);
        }
        FilteredQuery statement = new FilteredQuery("SELECT * FROM operator_audit WHERE true")
                .equal("actor", query.actor())
                .equal("action", query.action())
                .equal("saga_id", query.sagaId())
                .anyOf("saga_id", query.sagaIds())
                .equal("action_id", query.actionId())
                .equal("bulk_job_id", query.bulkJobId())
                .between("recorded_at", query.from(), query.to());
        if (before != null && !before.isBlank()) {
            long id;
            try {
                id = Long.parseLong(before);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'before' must be the next cursor of a previous page, not '" + before + "'");
            }
            // ids grow with time within one database, so the id alone is the keyset
            statement.and("id < ?", id);
        }
        statement.append(" ORDER BY id DESC LIMIT ?", limit + 1);
        List<AuditEntry> rows = jdbc.query(statement.sql(), ROW, statement.args());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = String.valueOf(rows.getLast().id());
        }
        return new AuditPage(List.copyOf(rows), next);
    }

    private static final RowMapper<AuditEntry> ROW = (rs, n) -> new AuditEntry(rs.getLong("id"),
            rs.getTimestamp("recorded_at").toInstant(), rs.getString("actor"), rs.getString("action"),
            longOrNull(rs, "saga_id"), rs.getString("saga_type"), longOrNull(rs, "action_id"),
            longOrNull(rs, "bulk_job_id"), longOrNull(rs, "policy_id"), rs.getString("reason"),
            json(rs.getString("commands")), rs.getString("outcome"), json(rs.getString("details")));

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static JsonNode json(String text) {
        return text == null ? null : JSON.readTree(text);
    }

    /** One entry being filled in. */
    public final class Entry {
        private final String actor;
        private final String action;
        private Long sagaId;
        private String sagaType;
        private Long actionId;
        private Long bulkJobId;
        private Long policyId;
        private String reason;
        private JsonNode commands;
        private String outcome;
        private JsonNode details;

        private Entry(String actor, String action) {
            this.actor = actor;
            this.action = action;
        }

        public Entry saga(long id, String type) {
            this.sagaId = id;
            this.sagaType = type;
            return this;
        }

        public Entry action(long id) {
            this.actionId = id;
            return this;
        }

        public Entry bulkJob(Long id) {
            this.bulkJobId = id;
            return this;
        }

        public Entry policy(Long id) {
            this.policyId = id;
            return this;
        }

        public Entry reason(String reason) {
            // the audit can never be deleted from: what callers write into it is capped
            this.reason = FreeText.limited("reason", reason);
            return this;
        }

        public Entry commands(JsonNode commands) {
            this.commands = commands;
            return this;
        }

        public Entry outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        public Entry details(JsonNode details) {
            this.details = details;
            return this;
        }

        /** Writes the entry in the current transaction; {@link OperatorActionRecorded} follows its commit. */
        public AuditEntry record() {
            Instant at = Instant.now();
            Long id = jdbc.queryForObject("""
                    INSERT INTO operator_audit (recorded_at, actor, action, saga_id, saga_type, action_id, bulk_job_id,
                                                policy_id, reason, commands, outcome, details)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb) RETURNING id""", Long.class,
                    Timestamp.from(at), actor, action, sagaId, sagaType, actionId, bulkJobId, policyId, reason,
                    commands == null ? null : JSON.writeValueAsString(commands), outcome,
                    details == null ? null : JSON.writeValueAsString(details));
            AuditEntry entry = new AuditEntry(id, at, actor, action, sagaId, sagaType, actionId, bulkJobId, policyId,
                    reason, commands, outcome, details);
            OperatorActionRecorded event = new OperatorActionRecorded(entry);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        events.publishEvent(event);
                    }
                });
            } else {
                events.publishEvent(event);
            }
            return entry;
        }
    }
}
