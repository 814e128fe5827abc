package io.opsplane.demo.messaging;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * An event or command as read from Kafka (or from {@code POST /commands}), whatever its format:
 * binary or structured CloudEvent, or plain JSON with {@code eventType}/{@code eventId}.
 *
 * @param id             the CloudEvent id, or the plain event's eventId
 * @param type           the CloudEvent type, or the plain event's eventType
 * @param data           the CloudEvent's data, or the whole plain event
 * @param idempotencyKey the {@code idempotencykey} attribute, else the {@code idempotency-key} header, else the id
 * @param replyTo        the {@code replyto} attribute: where a command's outcome should go (may be null)
 */
public record IncomingMessage(String topic, String id, String type, JsonNode data, String idempotencyKey,
                              String replyTo, Map<String, String> headers) {

    /** A text field of the data, or null. */
    public String text(String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    /** A text field of the data that must be there. */
    public String required(String field) {
        String value = text(field);
        if (value == null || value.isBlank()) {
            throw new UnreadableMessageException(type + " " + id + " has no '" + field + "'");
        }
        return value;
    }
}
