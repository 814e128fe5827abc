package io.opsplane.demo.outbox;

import java.util.Map;

import io.opsplane.demo.messaging.OutgoingMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: a message is written in the same database transaction as the state
 * change it announces, with the trace context of the work that caused it, and {@link OutboxRelay}
 * publishes it once that transaction has committed. Nothing is published for a change rolled back,
 * and nothing committed is lost.
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final OutboxRelay relay;

    Outbox(JdbcTemplate jdbc, JsonMapper json, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.json = json;
        this.relay = relay;
    }

    /** Adds a message in the current trace; answers the row's id. Must run inside a transaction. */
    public long add(OutgoingMessage message) {
        return add(message, Traces.currentTraceparent());
    }

    /** Adds a message that continues the given trace (work resumed later, e.g. a held charge). */
    public long add(OutgoingMessage message, String traceparent) {
        requireTransaction();
        Long id = jdbc.queryForObject("""
                INSERT INTO outbox (topic, message_key, headers, payload, event_id, message_type, traceparent)
                VALUES (?, ?, ?::jsonb, ?, ?, ?, ?) RETURNING id""", Long.class,
                message.topic(), message.key(), json.writeValueAsString(message.headers()), message.payload(),
                message.eventId(), message.type(), traceparent);
        wakeRelayAfterCommit();
        return id;
    }

    /** Publishes an earlier message again, identical (same event id): the answer to a repeated command. */
    public long repeat(long outboxId) {
        requireTransaction();
        Long id = jdbc.queryForObject("""
                INSERT INTO outbox (topic, message_key, headers, payload, event_id, message_type, traceparent)
                SELECT topic, message_key, headers, payload, event_id, message_type, ? FROM outbox WHERE id = ?
                RETURNING id""", Long.class, Traces.currentTraceparent(), outboxId);
        wakeRelayAfterCommit();
        return id;
    }

    /** The event id and type an outbox row holds, e.g. to tell a caller what a command was answered with. */
    public Map<String, Object> describe(long outboxId) {
        return jdbc.queryForMap("SELECT event_id AS \"eventId\", message_type AS \"type\", topic FROM outbox WHERE id = ?",
                outboxId);
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the outbox is written in the transaction of the change it announces");
        }
    }

    private void wakeRelayAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        });
    }
}
