package io.opsplane.demo.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds the shop's events and commands in their wire formats (see docs/demo.md). */
@Component
public class Messages {

    private static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    private static final String JSON = "application/json";

    private final JsonMapper json;
    private final String source;

    public Messages(JsonMapper json, @Value("${spring.application.name}") String serviceName) {
        this.json = json;
        this.source = "/shop/" + serviceName;
    }

    public ObjectNode data() {
        return json.createObjectNode();
    }

    /** A structured-mode CloudEvent: attributes and data in one JSON body. */
    public OutgoingMessage structuredEvent(String topic, String type, String subject, ObjectNode data) {
        return structured(topic, type, subject, data, null, null);
    }

    /** A binary-mode CloudEvent: attributes in {@code ce_*} headers, the data as the body. */
    public OutgoingMessage binaryEvent(String topic, String type, String subject, ObjectNode data) {
        String id = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_source", source);
        headers.put("ce_type", type);
        headers.put("ce_subject", subject);
        headers.put("ce_time", Instant.now().toString());
        headers.put("content-type", JSON);
        return new OutgoingMessage(topic, subject, headers, json.writeValueAsString(data), id, type);
    }

    /** A plain JSON event: {@code eventType}, {@code eventId} and {@code occurredAt} beside the fields. */
    public OutgoingMessage plainEvent(String topic, String eventType, String key, ObjectNode fields) {
        String id = UUID.randomUUID().toString();
        ObjectNode body = json.createObjectNode();
        body.put("eventType", eventType);
        body.put("eventId", id);
        body.put("occurredAt", Instant.now().toString());
        body.setAll(fields);
        return new OutgoingMessage(topic, key, Map.of("content-type", JSON), json.writeValueAsString(body), id,
                eventType);
    }

    /**
     * A command as a structured CloudEvent with the {@code idempotencykey} extension (also as the
     * {@code idempotency-key} header) and, for an orchestrator, {@code replyto}.
     */
    public OutgoingMessage command(String topic, String type, String key, String idempotencyKey, String replyTo,
                                   ObjectNode data) {
        return structured(topic, type, key, data, idempotencyKey, replyTo);
    }

    private OutgoingMessage structured(String topic, String type, String subject, ObjectNode data,
                                       String idempotencyKey, String replyTo) {
        String id = UUID.randomUUID().toString();
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", JSON);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", CLOUDEVENTS_JSON);
        if (idempotencyKey != null) {
            event.put("idempotencykey", idempotencyKey);
            headers.put("idempotency-key", idempotencyKey);
        }
        if (replyTo != null) {
            event.put("replyto", replyTo);
        }
        event.set("data", data);
        return new OutgoingMessage(topic, subject, headers, json.writeValueAsString(event), id, type);
    }
}
