package io.opsplane.demo.messaging;

import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where the services' Kafka listeners hand their records: each event is applied at most once per
 * consumer (by event id, recorded in the same transaction as its effects and its outbox rows), so
 * Kafka's at-least-once redeliveries and the outbox's republishing change nothing. A record that
 * is not an event the shop can read is logged and skipped.
 */
@Component
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final MessageDecoder decoder;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public Inbox(MessageDecoder decoder, JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.decoder = decoder;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Listens to {@code topic} as {@code consumer}, each event applied by {@code handler} through {@link #receive}. */
    public Subscription subscription(String consumer, String topic, Consumer<IncomingMessage> handler) {
        return new Subscription(consumer, topic, record -> receive(consumer, record, handler));
    }

    /** A handler for one event type; the topic's other events are not this consumer's business. */
    public static Consumer<IncomingMessage> only(String type, Consumer<IncomingMessage> handler) {
        return event -> {
            if (event.type().equals(type)) {
                handler.accept(event);
            }
        };
    }

    /** Applies {@code handler} in one transaction unless this consumer has seen the event before. */
    public void receive(String consumer, ConsumerRecord<String, byte[]> record, Consumer<IncomingMessage> handler) {
        IncomingMessage message;
        try {
            message = decoder.decode(record);
        } catch (UnreadableMessageException e) {
            log.warn("Skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        try {
            transaction.executeWithoutResult(status -> {
                if (firstTime(consumer, message.id())) {
                    handler.accept(message);
                } else {
                    log.debug("{} {} seen before by {}", message.type(), message.id(), consumer);
                }
            });
        } catch (UnreadableMessageException e) {
            log.warn("Skipping {} {} on {}: {}", message.type(), message.id(), record.topic(), e.getMessage());
        }
    }

    private boolean firstTime(String consumer, String messageId) {
        return jdbc.update("INSERT INTO processed_message (consumer, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                consumer, messageId) == 1;
    }
}
