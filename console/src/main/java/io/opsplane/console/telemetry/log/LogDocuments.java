package io.opsplane.console.telemetry.log;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads stored log documents of either mapping mode. Fields are looked up both as nested objects and
 * as dotted keys ({@code resource.attributes.service.name} may be stored either way), as
 * Elasticsearch treats them alike.
 */
final class LogDocuments {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ECS_KNOWN = Set.of("@timestamp", "message", "log.level", "event.severity",
            "service.name", "trace.id", "span.id");

    private LogDocuments() {
    }

    static LogEntry read(MappingMode mode, JsonNode hit) {
        JsonNode source = hit.path("_source");
        String id = hit.path("_id").asString(null);
        String index = hit.path("_index").asString(null);
        return switch (mode) {
            case OTEL -> otel(id, index, source);
            case ECS -> ecs(id, index, source);
            case SS4O -> ss4o(id, index, source);
        };
    }

    /** The OpenSearch exporter's document: the body as a string, the resource as a map of strings. */
    private static LogEntry ss4o(String id, String index, JsonNode source) {
        Integer number = integer(lookup(source, "severity.number"));
        JsonNode resource = lookup(source, "resource");
        JsonNode scope = lookup(source, "instrumentationScope");
        JsonNode attributes = orEmpty(lookup(source, "attributes"));
        if (attributes.has("data_stream")) {
            // the exporter puts its dataset and namespace among the record's own attributes
            ObjectNode own = (ObjectNode) attributes.deepCopy();
            own.remove("data_stream");
            attributes = own;
        }
        return new LogEntry(id, index, time(lookup(source, "@timestamp")), time(lookup(source, "observedTimestamp")),
                text(resource == null ? null : lookup(resource, "service.name")), level(number),
                text(lookup(source, "severity.text")), number, text(lookup(source, "body")), null,
                text(lookup(source, "traceId")), text(lookup(source, "spanId")), null, attributes, orEmpty(resource),
                scope);
    }

    private static LogEntry otel(String id, String index, JsonNode source) {
        Integer number = integer(lookup(source, "severity_number"));
        String severityText = text(lookup(source, "severity_text"));
        JsonNode structured = lookup(source, "body.structured");
        if (structured == null) {
            structured = lookup(source, "body.flattened"); // what older exporter versions wrote
        }
        String body = text(lookup(source, "body.text"));
        if (body == null && structured != null) {
            body = structured.toString();
        }
        JsonNode resource = lookup(source, "resource.attributes");
        JsonNode scope = lookup(source, "scope");
        return new LogEntry(id, index, time(lookup(source, "@timestamp")), time(lookup(source, "observed_timestamp")),
                text(resource == null ? null : lookup(resource, "service.name")), level(number),
                severityText, number, body, structured, text(lookup(source, "trace_id")),
                text(lookup(source, "span_id")), text(lookup(source, "event_name")),
                orEmpty(lookup(source, "attributes")), orEmpty(resource), scope);
    }

    private static LogEntry ecs(String id, String index, JsonNode source) {
        Integer number = integer(lookup(source, "event.severity"));
        String severityText = text(lookup(source, "log.level"));
        ObjectNode attributes = JSON.createObjectNode();
        flatten("", source, attributes);
        ECS_KNOWN.forEach(attributes::remove);
        return new LogEntry(id, index, time(lookup(source, "@timestamp")), null,
                text(lookup(source, "service.name")), level(number), severityText, number,
                text(lookup(source, "message")), null, text(lookup(source, "trace.id")),
                text(lookup(source, "span.id")), text(lookup(source, "event.action")), attributes, null, null);
    }

    /** The value at a dotted path, whether stored nested, as one dotted key, or anything between. */
    static JsonNode lookup(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(path);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            JsonNode child = node.get(path.substring(0, dot));
            if (child != null && child.isObject()) {
                JsonNode found = lookup(child, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * A stored timestamp in any form the exporter writes: epoch milliseconds with a fraction as a
     * string ("1710273641123.456789", otel mode), ISO-8601 (ECS mode), or a number of milliseconds.
     * The fraction is of a millisecond, as Elasticsearch reads it.
     */
    static Instant time(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return epochMillis(value.decimalValue());
        }
        String text = value.asString();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return epochMillis(new BigDecimal(text));
            } catch (NumberFormatException notMillis) {
                return null;
            }
        }
    }

    private static Instant epochMillis(BigDecimal millis) {
        BigDecimal nanos = millis.movePointRight(6);
        long whole = nanos.longValue();
        return Instant.ofEpochSecond(Math.floorDiv(whole, 1_000_000_000L), Math.floorMod(whole, 1_000_000_000L));
    }

    private static String level(Integer number) {
        Severity severity = number == null ? null : Severity.of(number);
        return severity != null ? severity.name() : null;
    }

    private static void flatten(String prefix, JsonNode node, ObjectNode into) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            if (field.getValue().isObject()) {
                flatten(key + ".", field.getValue(), into);
            } else {
                into.set(key, field.getValue());
            }
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isContainer() ? null : value.asString();
    }

    private static Integer integer(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.intValue();
        }
        try {
            return Integer.valueOf(value.asString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode orEmpty(JsonNode node) {
        return node == null ? JSON.createObjectNode() : node;
    }
}
