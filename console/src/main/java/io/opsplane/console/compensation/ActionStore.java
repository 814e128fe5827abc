package io.opsplane.console.compensation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.opsplane.console.sql.FilteredQuery;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The action, item and outbox tables; every write runs in the caller's transaction. */
@Repository
class ActionStore {

    record Latest(long id, int attempt, ActionStatus status) {
    }

    private final JdbcTemplate jdbc;

    ActionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Latest> latest(long sagaId, ActionKind kind, String step) {
        return jdbc.query("""
                SELECT id, attempt, status FROM operator_action WHERE saga_id = ? AND kind = ? AND step = ?
                ORDER BY attempt DESC LIMIT 1""", (rs, n) -> new Latest(rs.getLong(1), rs.getInt(2),
                ActionStatus.valueOf(rs.getString(3))), sagaId, kind.name(), step).stream().findFirst();
    }

    Optional<Long> byNaturalKey(long sagaId, ActionKind kind, String step, int attempt) {
        return jdbc.queryForList("SELECT id FROM operator_action WHERE saga_id = ? AND kind = ? AND step = ? AND attempt = ?",
                Long.class, sagaId, kind.name(), step, attempt).stream().findFirst();
    }

    Optional<Long> openOn(long sagaId) {
        return jdbc.queryForList("SELECT id FROM operator_action WHERE saga_id = ? AND status IN ('PENDING_APPROVAL',"
                + " 'IN_PROGRESS')", Long.class, sagaId).stream().findFirst();
    }

    /** Inserts the action unless its natural key or the one-open-action rule is taken; answers its id if inserted. */
    Optional<Long> insert(long sagaId, String sagaType, String correlationKey, ActionKind kind, String step,
                          int attempt, ActionStatus status, Origin origin, Long bulkJobId, Long policyId,
                          String requestedBy, String reason, Instant at) {
        return jdbc.queryForList("""
                INSERT INTO operator_action (saga_id, saga_type, correlation_key, kind, step, attempt, status, origin,
                    bulk_job_id, policy_id, requested_by, reason, requested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING id""", Long.class, sagaId, sagaType, correlationKey, kind.name(), step,
                attempt, status.name(), origin.name(), bulkJobId, policyId, requestedBy, reason, Timestamp.from(at))
                .stream().findFirst();
    }

    void insertItem(long actionId, long sagaId, PlannedCommand command, String expects) {
        jdbc.update("""
                INSERT INTO operator_action_item (action_id, seq, saga_id, step, command_type, topic, url, idempotency_key,
                    expected_event, expects, timeout_ms, envelope, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'WAITING')""", actionId, command.seq(), sagaId, command.step(),
                command.commandType(), command.topic(), command.url(), command.idempotencyKey(), command.expectedEvent(),
                expects, command.timeout().toMillis(), CommandEnvelope.text(command.envelope()));
    }

    /** Moves the action to IN_PROGRESS and queues its first command. */
    void start(long actionId, String approvedBy, Instant at) {
        jdbc.update("UPDATE operator_action SET status = 'IN_PROGRESS', approved_by = coalesce(?, approved_by),"
                + " decided_at = ? WHERE id = ?", approvedBy, Timestamp.from(at), actionId);
        queue(actionId, 1, at);
    }

    /**
     * Puts command {@code seq} of the action into the outbox (a no-op if it is there already: the outbox holds one
     * row per idempotency key); answers false when the action has no such command.
     */
    boolean queue(long actionId, int seq, Instant at) {
        int queued = jdbc.update("UPDATE operator_action_item SET state = 'QUEUED' WHERE action_id = ? AND seq = ?"
                + " AND state = 'WAITING'", actionId, seq);
        if (queued == 0) {
            return false;
        }
        jdbc.update("""
                INSERT INTO command_outbox (action_id, seq, idempotency_key, topic, url, record_key, envelope, created_at,
                                            next_attempt_at)
                SELECT i.action_id, i.seq, i.idempotency_key, i.topic, i.url, a.correlation_key, i.envelope, ?, ?
                FROM operator_action_item i JOIN operator_action a ON a.id = i.action_id
                WHERE i.action_id = ? AND i.seq = ?
                ON CONFLICT (idempotency_key) DO NOTHING""", Timestamp.from(at), Timestamp.from(at), actionId, seq);
        return true;
    }

    /** Ends the action; commands not sent yet are marked NOT_SENT. */
    void finish(long actionId, ActionStatus status, String outcome, Instant at) {
        jdbc.update("UPDATE operator_action SET status = ?, outcome = ?, finished_at = ? WHERE id = ?",
                status.name(), outcome, Timestamp.from(at), actionId);
        jdbc.update("UPDATE operator_action_item SET state = 'NOT_SENT' WHERE action_id = ? AND state = 'WAITING'",
                actionId);
    }

    /**
     * Takes the action's undelivered commands out of the outbox (a relay sending one right now finishes first: its
     * row is locked); answers how many were still undelivered.
     */
    int cancelUndelivered(long actionId, String why) {
        int cancelled = jdbc.update("""
                UPDATE command_outbox SET failed_at = now(), last_error = ?
                 WHERE action_id = ? AND sent_at IS NULL AND failed_at IS NULL""", why, actionId);
        jdbc.update("UPDATE operator_action_item SET state = 'NOT_SENT', error = ? WHERE action_id = ? AND state = 'QUEUED'",
                why, actionId);
        return cancelled;
    }

    void approveAs(long actionId, String approver) {
        jdbc.update("UPDATE operator_action SET approved_by = ? WHERE id = ?", approver, actionId);
    }

    Optional<OperatorAction> find(long id) {
        List<OperatorAction> found = jdbc.query("SELECT * FROM operator_action WHERE id = ?", (rs, n) -> action(rs, items(id)), id);
        return found.stream().findFirst();
    }

    /** Locks the action row for a state change. */
    Optional<OperatorAction> lock(long id) {
        List<OperatorAction> found = jdbc.query("SELECT * FROM operator_action WHERE id = ? FOR UPDATE",
                (rs, n) -> action(rs, List.of()), id);
        return found.stream().findFirst();
    }

    List<OperatorAction> forSaga(long sagaId) {
        return jdbc.query("SELECT * FROM operator_action WHERE saga_id = ? ORDER BY id DESC", (rs, n) -> action(rs,
                items(rs.getLong("id"))), sagaId);
    }

    List<OperatorAction> pendingApproval() {
        return jdbc.query("SELECT * FROM operator_action WHERE status = 'PENDING_APPROVAL' ORDER BY requested_at",
                (rs, n) -> action(rs, items(rs.getLong("id"))));
    }

    List<OperatorAction> list(ActionStatus status, Instant since, int limit) {
        FilteredQuery query = new FilteredQuery("SELECT * FROM operator_action WHERE true")
                .equal("status", status)
                .between("requested_at", since, null)
                .append(" ORDER BY id DESC LIMIT ?", limit);
        return jdbc.query(query.sql(), (rs, n) -> action(rs, List.of()), query.args());
    }

    private List<OperatorAction.Item> items(long actionId) {
        return jdbc.query("SELECT * FROM operator_action_item WHERE action_id = ? ORDER BY seq", ITEM, actionId);
    }

    private static final RowMapper<OperatorAction.Item> ITEM = (rs, n) -> new OperatorAction.Item(rs.getInt("seq"),
            rs.getString("step"), rs.getString("command_type"), rs.getString("topic"), rs.getString("url"),
            rs.getString("idempotency_key"), rs.getString("expected_event"), rs.getString("state"),
            instant(rs, "sent_at"), instant(rs, "deadline"), instant(rs, "verified_at"), rs.getString("error"),
            CommandEnvelope.parse(rs.getString("envelope")));

    private static OperatorAction action(ResultSet rs, List<OperatorAction.Item> items) throws SQLException {
        return new OperatorAction(rs.getLong("id"), rs.getLong("saga_id"), rs.getString("saga_type"),
                rs.getString("correlation_key"), ActionKind.valueOf(rs.getString("kind")), rs.getString("step"),
                rs.getInt("attempt"), ActionStatus.valueOf(rs.getString("status")), Origin.valueOf(rs.getString("origin")),
                longOrNull(rs, "bulk_job_id"), longOrNull(rs, "policy_id"), rs.getString("requested_by"),
                rs.getString("reason"), instant(rs, "requested_at"), rs.getString("approved_by"),
                instant(rs, "decided_at"), rs.getString("outcome"), instant(rs, "finished_at"), items);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** How many actions the policy has requested since {@code since}. */
    int countByPolicySince(long policyId, Instant since) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM operator_action WHERE policy_id = ? AND requested_at > ?",
                Integer.class, policyId, java.sql.Timestamp.from(since));
        return count == null ? 0 : count;
    }

    /** Of {@code sagaIds}, those the policy has acted on, or on which any action is waiting or running. */
    Set<Long> touchedByPolicyOrBusy(Collection<Long> sagaIds, long policyId) {
        return new HashSet<>(jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT saga_id FROM operator_action WHERE saga_id = ANY (?) AND (policy_id = ?
                        OR status IN ('PENDING_APPROVAL', 'IN_PROGRESS'))""");
            ps.setArray(1, con.createArrayOf("int8", sagaIds.toArray()));
            ps.setLong(2, policyId);
            return ps;
        }, (rs, n) -> rs.getLong(1)));
    }
}
