package io.opsplane.console.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Kafka record as a CloudEvent (binary or structured content mode, per the CloudEvents
 * Kafka protocol binding) or as a plain JSON domain event. Plain events include what Debezium's outbox event
 * router writes: the payload as JSON, as a JSON string (a text column, the router's default), or inside Kafka
 * Connect's {@code {"schema":…,"payload":…}} envelope when the JsonConverter keeps its schemas.
 */
final class RecordDecoder {

    private static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    private final JsonMapper json;
    private final List<String> eventIdHeaders;
    private final List<String> eventIdPointers;
    private final List<String> eventTimePointers;

    RecordDecoder(JsonMapper json, List<String> eventIdHeaders, List<String> eventIdPointers,
                  List<String> eventTimePointers) {
        this.json = json;
        this.eventIdHeaders = eventIdHeaders;
        this.eventIdPointers = eventIdPointers;
        this.eventTimePointers = eventTimePointers;
    }

    DecodedEvent decode(IncomingRecord record) throws MalformedRecordException {
        if (record.value() == null || record.value().length == 0) {
            throw new MalformedRecordException("the record has no value");
        }
        if (record.headers().containsKey("ce_specversion")) {
            return binaryCloudEvent(record);
        }
        JsonNode body = parse(record.value(), "the record value");
        String contentType = record.headers().get("content-type");
        boolean structured = (contentType != null && contentType.startsWith(STRUCTURED_CONTENT_TYPE))
                || (body.isObject() && body.has("specversion"));
        if (structured) {
            return structuredCloudEvent(record, body);
        }
        JsonNode payload = unwrapped(body);
        return plainEvent(record, payload, payload == body ? new String(record.value(), StandardCharsets.UTF_8)
                : payload.toString());
    }

    private DecodedEvent binaryCloudEvent(IncomingRecord record) throws MalformedRecordException {
        String id = required(record.headers().get("ce_id"), "binary CloudEvent without ce_id header");
        String type = required(record.headers().get("ce_type"), "binary CloudEvent without ce_type header");
        String contentType = record.headers().getOrDefault("content-type", record.headers().get("ce_datacontenttype"));
        if (contentType != null && !isJson(contentType)) {
            throw new MalformedRecordException("CloudEvent data has content type '" + contentType + "', not JSON");
        }
        JsonNode data = parse(record.value(), "CloudEvent data");
        return new DecodedEvent(record, id, type, time(record.headers().get("ce_time"), record), data,
                new String(record.value(), StandardCharsets.UTF_8), TraceContext.fromHeaders(record.headers()));
    }

    private DecodedEvent structuredCloudEvent(IncomingRecord record, JsonNode event) throws MalformedRecordException {
        if (!event.isObject()) {
            throw new MalformedRecordException("structured CloudEvent is not a JSON object");
        }
        String id = required(text(event, "id"), "structured CloudEvent without id");
        String type = required(text(event, "type"), "structured CloudEvent without type");
        JsonNode data = event.get("data");
        if (data == null && event.hasNonNull("data_base64")) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(event.get("data_base64").asString());
            } catch (IllegalArgumentException e) {
                throw new MalformedRecordException("structured CloudEvent data_base64 is not base64");
            }
            data = parse(bytes, "CloudEvent data_base64");
        }
        if (data == null) {
            data = json.createObjectNode();
        }
        // the distributed tracing extension's attribute first, then whatever the record's headers carry
        TraceContext trace = TraceContext.parse(text(event, "traceparent"));
        return new DecodedEvent(record, id, type, time(text(event, "time"), record), data, data.toString(),
                trace != null ? trace : TraceContext.fromHeaders(record.headers()));
    }

    private DecodedEvent plainEvent(IncomingRecord record, JsonNode body, String raw) throws MalformedRecordException {
        if (!body.isObject()) {
            throw new MalformedRecordException("the record value is JSON but not an object");
        }
        String id = firstHeader(record, eventIdHeaders);
        if (id == null) {
            id = firstText(body, eventIdPointers);
        }
        Instant time = time(firstText(body, eventTimePointers), record);
        return new DecodedEvent(record, id, null, time, body, raw, TraceContext.fromHeaders(record.headers()));
    }

    /**
     * The payload inside Kafka Connect's envelope ({@code {"schema":{"type":…},"payload":…}}, exactly those two
     * fields), and the JSON inside a JSON string: what Debezium's outbox event router writes for a text or JSON
     * column without {@code table.expand.json.payload}. Anything else is the event as it is.
     */
    private JsonNode unwrapped(JsonNode body) throws MalformedRecordException {
        JsonNode payload = body;
        if (body.isObject() && body.size() == 2 && body.path("schema").isObject()
                && body.path("schema").has("type") && body.has("payload")) {
            payload = body.get("payload");
        }
        if (payload.isString()) {
            payload = parse(payload.asString().getBytes(StandardCharsets.UTF_8), "the JSON string in the record");
        }
        return payload;
    }

    private static String firstHeader(IncomingRecord record, List<String> names) {
        for (String name : names) {
            String value = record.headers().get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private JsonNode parse(byte[] bytes, String what) throws MalformedRecordException {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw new MalformedRecordException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Instant time(String text, IncomingRecord record) throws MalformedRecordException {
        if (text == null) {
            return record.timestamp();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(text));
            } catch (NumberFormatException notMillis) {
                throw new MalformedRecordException("event time '" + text + "' is neither RFC 3339 nor epoch milliseconds");
            }
        }
    }

    private static String firstText(JsonNode node, List<String> pointers) {
        for (String pointer : pointers) {
            JsonNode value = node.at(pointer);
            if (value.isValueNode() && !value.isNull() && !value.asString().isBlank()) {
                return value.asString();
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String required(String value, String problem) throws MalformedRecordException {
        if (value == null || value.isBlank()) {
            throw new MalformedRecordException(problem);
        }
        return value;
    }

    private static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase();
        return base.equals("application/json") || base.endsWith("+json") || base.equals("text/json");
    }
}
