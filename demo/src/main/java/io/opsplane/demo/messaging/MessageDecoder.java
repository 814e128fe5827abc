package io.opsplane.demo.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the formats the shop speaks: binary CloudEvents, structured CloudEvents, plain JSON events, and the legacy
 * shop's Debezium outbox records.
 */
@Component
public class MessageDecoder {

    private final JsonMapper json;

    public MessageDecoder(JsonMapper json) {
        this.json = json;
    }

    public IncomingMessage decode(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return decode(record.topic(), record.value(), headers);
    }

    public IncomingMessage decode(String topic, byte[] body, Map<String, String> headers) {
        if (body == null || body.length == 0) {
            throw new UnreadableMessageException("an empty record on " + topic);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw new UnreadableMessageException("not JSON on " + topic + ": " + e.getOriginalMessage());
        }
        String headerKey = headers.get("idempotency-key");
        if (node.isString() && headers.containsKey("eventType")) {
            // a Debezium outbox record: the payload column as a JSON string, id and type in headers
            String id = need(headers.get("id"), "id header", topic);
            JsonNode payload;
            try {
                payload = json.readTree(node.asString());
            } catch (JacksonException e) {
                throw new UnreadableMessageException("outbox record " + id + " on " + topic + ": payload is not JSON");
            }
            if (!payload.isObject()) {
                throw new UnreadableMessageException("outbox record " + id + " on " + topic + ": payload is not an object");
            }
            return new IncomingMessage(topic, id, EventTypes.fromLegacyName(headers.get("eventType")), payload,
                    first(headerKey, id), null, headers);
        }
        if (!node.isObject()) {
            throw new UnreadableMessageException("not a JSON object on " + topic);
        }
        if (headers.containsKey("ce_type")) {
            // binary mode: attributes in ce_* headers, the body is the data
            String id = need(headers.get("ce_id"), "ce_id", topic);
            return new IncomingMessage(topic, id, headers.get("ce_type"), node,
                    first(headers.get("ce_idempotencykey"), headerKey, id), headers.get("ce_replyto"), headers);
        }
        if (node.has("specversion")) {
            String id = need(text(node, "id"), "id", topic);
            String type = need(text(node, "type"), "type", topic);
            JsonNode data = node.get("data");
            if (data == null || !data.isObject()) {
                throw new UnreadableMessageException("CloudEvent " + id + " on " + topic + " has no JSON object as data");
            }
            return new IncomingMessage(topic, id, type, data, first(text(node, "idempotencykey"), headerKey, id),
                    text(node, "replyto"), headers);
        }
        String id = need(text(node, "eventId"), "eventId", topic);
        String type = need(text(node, "eventType"), "eventType", topic);
        return new IncomingMessage(topic, id, type, node, first(headerKey, id), null, headers);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asString();
    }

    private static String need(String value, String what, String topic) {
        if (value == null || value.isBlank()) {
            throw new UnreadableMessageException("a message on " + topic + " without " + what);
        }
        return value;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
