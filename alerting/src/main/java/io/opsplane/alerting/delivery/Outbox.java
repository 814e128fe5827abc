package io.opsplane.alerting.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery outbox. A notification is enqueued in the caller's transaction, the one that records
 * the state change it reports, so either both are kept or neither; workers then send it.
 */
@Component
public class Outbox {

    public enum Kind {
        ALERT("alert"), TEST("test"), OPERATOR_ACTION("operator-action");

        final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    public record Enqueued(long id, String webhookId) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Outbox(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues {@code body} for {@code receiver}. Deliveries of one {@code orderKey} are sent strictly in
     * the order they were queued: a later one waits until the earlier one is delivered or given up.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Enqueued enqueue(String receiver, String orderKey, Kind kind, String body) {
        String webhookId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        Timestamp now = Timestamp.from(clock.instant());
        Long id = jdbc.queryForObject("""
                INSERT INTO alert_delivery (receiver, group_key, kind, webhook_id, body, status, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id""", Long.class,
                receiver, orderKey, kind.column, webhookId, body, now, now);
        return new Enqueued(id, webhookId);
    }
}
