package io.opsplane.console.compensation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What alerting asks of operator actions (its {@code CompensationSignals} port): the actions that ended
 * UNVERIFIED or FAILED since a time, counted by saga type and by the step whose command did not work. Reads
 * only those actions, by the time they ended (a partial index).
 */
@Service
public class ActionOutcomes {

    /** {@code count} actions of {@code sagaType} ended {@code status} on {@code step}; the latest ended at {@code latestAt}. */
    public record UnsuccessfulActions(String sagaType, String step, ActionStatus status, long count, Instant latestAt,
                                      long latestActionId) {
    }

    /** {@code count} commands wait for {@code destination}; the oldest since {@code oldestSince}. */
    public record WaitingCommands(String destination, long count, Instant oldestSince, long oldestActionId,
                                  long oldestSagaId) {
    }

    private final JdbcTemplate jdbc;

    ActionOutcomes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<UnsuccessfulActions> unsuccessfulSince(Instant since) {
        return jdbc.query("""
                SELECT a.saga_type, coalesce(i.step, nullif(a.step, ''), '(none)') AS step, a.status, count(*),
                       max(a.finished_at), max(a.id)
                FROM operator_action a
                LEFT JOIN operator_action_item i ON i.action_id = a.id AND i.state IN ('UNVERIFIED', 'FAILED')
                WHERE a.status IN ('UNVERIFIED', 'FAILED') AND a.finished_at >= ?
                GROUP BY 1, 2, 3
                ORDER BY 4 DESC, 1, 2""", (rs, n) -> new UnsuccessfulActions(rs.getString(1), rs.getString(2),
                ActionStatus.valueOf(rs.getString(3)), rs.getLong(4), rs.getTimestamp(5).toInstant(), rs.getLong(6)),
                Timestamp.from(since));
    }

    /**
     * Commands confirmed and not delivered yet (neither sent, failed nor withdrawn), per destination: "Kafka", or the
     * HTTP destination's host. Reads only undelivered rows (the relay's partial index).
     */
    /** The destination {@link #waitingCommands} names for commands to Kafka topics (HTTP ones are named by host). */
    public static final String KAFKA = "Kafka";

    public List<WaitingCommands> waitingCommands() {
        return jdbc.query("""
                SELECT CASE WHEN o.topic IS NOT NULL THEN ? ELSE substring(o.url from '^[a-z]+://([^/:?#]+)') END,
                       count(*), min(o.created_at),
                       (array_agg(o.action_id ORDER BY o.created_at))[1], (array_agg(a.saga_id ORDER BY o.created_at))[1]
                FROM command_outbox o JOIN operator_action a ON a.id = o.action_id
                WHERE o.sent_at IS NULL AND o.failed_at IS NULL
                GROUP BY 1 ORDER BY 3""", (rs, n) -> new WaitingCommands(rs.getString(1), rs.getLong(2),
                rs.getTimestamp(3).toInstant(), rs.getLong(4), rs.getLong(5)), KAFKA);
    }

    /**
     * The sagas (newest action first, at most {@code cap + 1}, so a caller can tell "more than cap") with an operator
     * action that ended {@code status}, of this type and at this step (null matches any; the step as
     * {@link #unsuccessfulSince} names it). The saga list narrows itself by these ids, so the saga package never
     * reads this feature's tables.
     */
    public Set<Long> sagasEnded(ActionStatus status, String sagaType, String step, int cap) {
        return new LinkedHashSet<>(jdbc.queryForList("""
                SELECT a.saga_id FROM operator_action a
                LEFT JOIN operator_action_item i ON i.action_id = a.id AND i.state IN ('UNVERIFIED', 'FAILED')
                WHERE a.status = ? AND (?::text IS NULL OR a.saga_type = ?)
                  AND (?::text IS NULL OR coalesce(i.step, nullif(a.step, ''), '(none)') = ?)
                GROUP BY a.saga_id ORDER BY max(a.id) DESC LIMIT ?""", Long.class, status.name(), sagaType, sagaType,
                step, step, cap + 1));
    }
}
