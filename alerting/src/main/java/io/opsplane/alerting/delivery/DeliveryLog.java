package io.opsplane.alerting.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What was sent to a receiver and how each attempt went, newest first. */
@Component
public class DeliveryLog {

    private final JdbcTemplate jdbc;

    DeliveryLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Delivery> forReceiver(String receiver, String status, int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, not " + limit);
        }
        if (status != null && !List.of("pending", "delivered", "failed").contains(status)) {
            throw new IllegalArgumentException("status must be pending, delivered or failed, not '" + status + "'");
        }
        List<Delivery> deliveries = jdbc.query("""
                SELECT * FROM alert_delivery WHERE receiver = ? AND (?::text IS NULL OR status = ?)
                ORDER BY id DESC LIMIT ?""", (rs, n) -> delivery(rs, List.of()), receiver, status, status, limit);
        return withAttempts(deliveries);
    }

    /** Deliveries still to be sent, per receiver: how many, and since when the oldest has waited. */
    public record Pending(String receiver, long count, Instant oldestSince) {
    }

    /** Every receiver with deliveries pending (the outbox's partial index on pending rows: its cost follows them). */
    public List<Pending> pending() {
        return jdbc.query("""
                SELECT receiver, count(*), min(created_at) FROM alert_delivery WHERE status = 'pending'
                GROUP BY receiver ORDER BY receiver""",
                (rs, n) -> new Pending(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()));
    }

    /** How many deliveries were delivered or given up and queued before {@code cutoff}: what retention would remove. */
    public long countFinished(Instant cutoff) {
        return jdbc.queryForObject("SELECT count(*) FROM alert_delivery WHERE status <> 'pending' AND created_at < ?",
                Long.class, Timestamp.from(cutoff));
    }

    /**
     * Deletes up to {@code limit} deliveries that were delivered or given up and queued before {@code cutoff}, with
     * their attempts, in one statement; answers how many deliveries went. Pending ones stay whatever their age: a
     * later delivery of their group waits for them. Ids grow with time, so the oldest come first.
     */
    public int purgeFinished(Instant cutoff, int limit) {
        return jdbc.update("""
                WITH doomed AS (
                    SELECT id FROM alert_delivery WHERE status <> 'pending' AND created_at < ?
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
                ), attempts AS (
                    DELETE FROM alert_delivery_attempt a USING doomed d WHERE a.delivery_id = d.id
                )
                DELETE FROM alert_delivery x USING doomed d WHERE x.id = d.id""", Timestamp.from(cutoff), limit);
    }

    public Optional<Delivery> find(long id) {
        return withAttempts(jdbc.query("SELECT * FROM alert_delivery WHERE id = ?", (rs, n) -> delivery(rs, List.of()),
                id)).stream().findFirst();
    }

    private List<Delivery> withAttempts(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<Long, List<Delivery.Attempt>> attempts = new LinkedHashMap<>();
        jdbc.query("""
                SELECT delivery_id, attempted_at, status_code, error, duration_ms, sent_by FROM alert_delivery_attempt
                WHERE delivery_id = ANY (?) ORDER BY id""", rs -> {
            attempts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Delivery.Attempt(
                    rs.getTimestamp(2).toInstant(), (Integer) rs.getObject(3), rs.getString(4), rs.getDouble(5),
                    rs.getString(6)));
        }, (Object) deliveries.stream().map(Delivery::id).toArray(Long[]::new));
        return deliveries.stream().map(d -> new Delivery(d.id(), d.receiver(), d.kind(), d.groupKey(), d.webhookId(),
                d.status(), d.attempts(), d.createdAt(), d.nextAttemptAt(), d.deliveredAt(), d.lastStatus(),
                d.lastError(), attempts.getOrDefault(d.id(), List.of()))).toList();
    }

    private static Delivery delivery(ResultSet rs, List<Delivery.Attempt> attempts) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("receiver"), rs.getString("kind"), rs.getString("group_key"),
                rs.getString("webhook_id"), rs.getString("status"), rs.getInt("attempts"),
                instant(rs.getTimestamp("created_at")),
                "pending".equals(rs.getString("status")) ? instant(rs.getTimestamp("next_attempt_at")) : null,
                instant(rs.getTimestamp("delivered_at")), (Integer) rs.getObject("last_status"),
                rs.getString("last_error"), attempts);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
