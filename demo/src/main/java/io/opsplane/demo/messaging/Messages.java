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
        Map<String, String> attributes = attributes(type, subject);
        Map<String, String> headers = new LinkedHashMap<>();
        attributes.forEach((name, value) -> headers.put("ce_" + name, value));
        headers.put("content-type", JSON);
        return new OutgoingMessage(topic, subject, headers, json.writeValueAsString(data), attributes.get("id"), type);
    }

    /**
     * An event as Debezium's outbox event router publishes an outbox row with the JsonConverter and no schemas
     * (the legacy shop's format): the aggregate id as key, the row's id in the {@code id} header, its type in the
     * {@code eventType} header ({@code table.fields.additional.placement=type:header:eventType}), and the payload
     * column, text, as a JSON string.
     */
    public OutgoingMessage debeziumOutboxEvent(String topic, String eventType, String aggregateId, ObjectNode payload) {
        String id = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("id", id);
        headers.put("eventType", eventType);
        return new OutgoingMessage(topic, aggregateId, headers, json.writeValueAsString(json.writeValueAsString(payload)),
                id, eventType);
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
        Map<String, String> attributes = attributes(type, subject);
        ObjectNode event = json.createObjectNode();
        attributes.forEach(event::put);
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
        return new OutgoingMessage(topic, subject, headers, json.writeValueAsString(event), attributes.get("id"), type);
    }

    /** The CloudEvents context attributes of a new event, in the order both modes write them. */
    private Map<String, String> attributes(String type, String subject) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", UUID.randomUUID().toString());
        attributes.put("source", source);
        attributes.put("type", type);
        attributes.put("subject", subject);
        attributes.put("time", Instant.now().toString());
        return attributes;
    }
}
