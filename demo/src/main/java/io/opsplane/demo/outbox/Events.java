package io.opsplane.demo.outbox;

import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.Messages;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shop's events and commands written to the {@link Outbox} in one step, in the wire formats
 * {@link Messages} builds: a store says only what happened. Each method answers the outbox row's id
 * and, like the outbox, runs inside the caller's transaction.
 */
@Component
public class Events {

    private final Outbox outbox;
    private final Messages messages;

    Events(Outbox outbox, Messages messages) {
        this.outbox = outbox;
        this.messages = messages;
    }

    /** An empty data object to fill. */
    public ObjectNode data() {
        return messages.data();
    }

    /** A structured-mode CloudEvent (the order service's format). */
    public long structured(String topic, String type, String subject, ObjectNode data) {
        return outbox.add(messages.structuredEvent(topic, type, subject, data));
    }

    /** A binary-mode CloudEvent (the inventory's format). */
    public long binary(String topic, String type, String subject, ObjectNode data) {
        return outbox.add(messages.binaryEvent(topic, type, subject, data));
    }

    /** A Debezium outbox record (the legacy shop's format), its type under the legacy shop's name. */
    public long debeziumOutbox(String topic, String type, String aggregateId, ObjectNode payload) {
        return outbox.add(messages.debeziumOutboxEvent(topic, EventTypes.legacyName(type), aggregateId, payload));
    }

    /** A plain JSON event (the payment service's format). */
    public long plain(String topic, String eventType, String key, ObjectNode fields) {
        return outbox.add(messages.plainEvent(topic, eventType, key, fields));
    }

    /** A command with its idempotency key and where to reply (the refund coordinator's). */
    public long command(String topic, String type, String key, String idempotencyKey, String replyTo,
                        ObjectNode data) {
        return outbox.add(messages.command(topic, type, key, idempotencyKey, replyTo, data));
    }
}
