package io.opsplane.console.telemetry.log;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One OTLP log record as the Collector's Elasticsearch exporter writes it in its {@code otel} mapping
 * mode (its {@code otelserializer}): the same fields in the same order, zero values left out,
 * duplicate attribute keys resolved to the first, Elasticsearch's control attributes dropped and
 * {@code geo.location.lat}/{@code lon} pairs merged into one {@code geo.location} point.
 * {@code data_stream.*} is written by the exporter only when its target is a data stream, which
 * Opsplane's daily indices are not.
 */
final class OtelLogDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    /** Attributes that steer the exporter (routing, ids, mapping) rather than describe the record. */
    private static final Set<String> CONTROL_ATTRIBUTES = Set.of("data_stream.type", "data_stream.dataset",
            "data_stream.namespace", "elasticsearch.mapping.hints", "elasticsearch.mapping.mode",
            "elasticsearch.document_id", "elasticsearch.ingest_pipeline", "elasticsearch._index");
    private static final String LON = "geo.location.lon";
    private static final String LAT = "geo.location.lat";

    private OtelLogDocument() {
    }

    /** Thrown for a record no document can be made of; the rest of its request is still written. */
    static final class InvalidRecordException extends Exception {
        InvalidRecordException(String message) {
            super(message);
        }
    }

    /** The record's {@code @timestamp} in nanoseconds: its time, or when observed if it has none. */
    static long timestampNanos(LogRecord record) {
        return record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
    }

    static byte[] encode(Resource resource, String resourceSchemaUrl, InstrumentationScope scope,
                         String scopeSchemaUrl, LogRecord record) throws InvalidRecordException {
        String traceId = id("trace id", record.getTraceId(), 16);
        String spanId = id("span id", record.getSpanId(), 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("@timestamp", timestamp(timestampNanos(record)));
            json.writeStringProperty("observed_timestamp", timestamp(record.getObservedTimeUnixNano()));
            stringSkipEmpty(json, "severity_text", record.getSeverityText());
            intSkipZero(json, "severity_number", record.getSeverityNumberValue());
            stringSkipEmpty(json, "trace_id", traceId);
            stringSkipEmpty(json, "span_id", spanId);
            attributes(json, record.getAttributesList());
            intSkipZero(json, "dropped_attributes_count", record.getDroppedAttributesCount());
            stringSkipEmpty(json, "event_name", eventName(record));

            json.writeName("resource");
            json.writeStartObject();
            stringSkipEmpty(json, "schema_url", resourceSchemaUrl);
            attributes(json, resource.getAttributesList());
            intSkipZero(json, "dropped_attributes_count", resource.getDroppedAttributesCount());
            json.writeEndObject();

            json.writeName("scope");
            json.writeStartObject();
            stringSkipEmpty(json, "schema_url", scopeSchemaUrl);
            stringSkipEmpty(json, "name", scope.getName());
            stringSkipEmpty(json, "version", scope.getVersion());
            attributes(json, scope.getAttributesList());
            intSkipZero(json, "dropped_attributes_count", scope.getDroppedAttributesCount());
            json.writeEndObject();

            body(json, record.getBody());
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Epoch milliseconds with the nanoseconds within the millisecond as a fraction, in a string (a
     * double cannot hold it), which Elasticsearch's {@code epoch_millis} reads. The exporter does not
     * pad the fraction, so that below 100 µs it reads wrong ({@code .5000} is read as 0.5 ms, not
     * 5 µs); here it is padded in exactly those cases and otherwise written as the exporter does.
     */
    static String timestamp(long unixNanos) {
        long millis = Long.divideUnsigned(unixNanos, 1_000_000);
        long nanos = Long.remainderUnsigned(unixNanos, 1_000_000);
        String fraction = nanos == 0 || nanos >= 100_000 ? Long.toString(nanos) : String.format("%06d", nanos);
        return Long.toUnsignedString(millis) + "." + fraction;
    }

    private static String eventName(LogRecord record) {
        if (!record.getEventName().isEmpty()) {
            return record.getEventName();
        }
        for (KeyValue attribute : record.getAttributesList()) {
            if (attribute.getKey().equals("event.name")) {
                return attribute.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE
                        ? attribute.getValue().getStringValue() : "";
            }
        }
        return "";
    }

    private static String id(String what, ByteString bytes, int length) throws InvalidRecordException {
        if (bytes.isEmpty()) {
            return "";
        }
        if (bytes.size() != length) {
            throw new InvalidRecordException("a log record's " + what + " must be " + length + " bytes, not "
                    + bytes.size());
        }
        for (int i = 0; i < length; i++) {
            if (bytes.byteAt(i) != 0) {
                return HEX.formatHex(bytes.toByteArray());
            }
        }
        return ""; // all zeros is OTLP's "no id"
    }

    private static void attributes(JsonGenerator json, List<KeyValue> attributes) {
        if (attributes.isEmpty()) {
            return;
        }
        json.writeName("attributes");
        json.writeStartObject();
        Set<String> seen = new HashSet<>();
        // prefix (e.g. "client.") → [lon, lat], each null until seen
        Map<String, Double[]> geo = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            String key = attribute.getKey();
            if (!seen.add(key) || CONTROL_ATTRIBUTES.contains(key)) {
                continue;
            }
            AnyValue value = attribute.getValue();
            if (value.getValueCase() == AnyValue.ValueCase.DOUBLE_VALUE && (key.endsWith(LON) || key.endsWith(LAT))
                    && (key.length() == LON.length() || key.charAt(key.length() - LON.length() - 1) == '.')) {
                String prefix = key.substring(0, key.length() - LON.length());
                geo.computeIfAbsent(prefix, p -> new Double[2])[key.endsWith(LON) ? 0 : 1] = value.getDoubleValue();
                continue;
            }
            json.writeName(key);
            value(json, value);
        }
        for (Map.Entry<String, Double[]> point : geo.entrySet()) {
            Double lon = point.getValue()[0];
            Double lat = point.getValue()[1];
            if (lon != null && lat != null) {
                json.writeName(point.getKey() + "geo.location");
                json.writeStartArray();
                number(json, lon);
                number(json, lat);
                json.writeEndArray();
                continue;
            }
            if (lon != null) {
                json.writeName(point.getKey() + LON);
                number(json, lon);
            }
            if (lat != null) {
                json.writeName(point.getKey() + LAT);
                number(json, lat);
            }
        }
        json.writeEndObject();
    }

    private static void body(JsonGenerator json, AnyValue body) {
        if (body.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
            return;
        }
        json.writeName("body");
        json.writeStartObject();
        switch (body.getValueCase()) {
            case KVLIST_VALUE -> {
                json.writeName("structured");
                value(json, body);
            }
            case ARRAY_VALUE -> {
                json.writeName("structured");
                // Elasticsearch takes an array of objects only; anything else is wrapped as {"value": [...]}
                boolean allMaps = body.getArrayValue().getValuesList().stream()
                        .allMatch(v -> v.getValueCase() == AnyValue.ValueCase.KVLIST_VALUE);
                if (allMaps) {
                    value(json, body);
                } else {
                    json.writeStartObject();
                    json.writeName("value");
                    value(json, body);
                    json.writeEndObject();
                }
            }
            default -> json.writeStringProperty("text", asString(body));
        }
        json.writeEndObject();
    }

    private static void value(JsonGenerator json, AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE -> json.writeString(value.getStringValue());
            case BOOL_VALUE -> json.writeBoolean(value.getBoolValue());
            case INT_VALUE -> json.writeNumber(value.getIntValue());
            case DOUBLE_VALUE -> number(json, value.getDoubleValue());
            case BYTES_VALUE -> json.writeString(HEX.formatHex(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                json.writeStartArray();
                for (AnyValue item : value.getArrayValue().getValuesList()) {
                    value(json, item);
                }
                json.writeEndArray();
            }
            case KVLIST_VALUE -> {
                json.writeStartObject();
                Set<String> seen = new HashSet<>();
                for (KeyValue entry : value.getKvlistValue().getValuesList()) {
                    // Elasticsearch refuses a document with a key twice
                    if (seen.add(entry.getKey())) {
                        json.writeName(entry.getKey());
                        value(json, entry.getValue());
                    }
                }
                json.writeEndObject();
            }
            default -> json.writeNull();
        }
    }

    /** Always with a radix point (1.0, not 1), so Elasticsearch maps it as a floating-point number. */
    private static void number(JsonGenerator json, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }

    /** A non-map body as text, as OpenTelemetry's {@code Value.AsString} renders it. */
    private static String asString(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> doubleAsString(value.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            default -> "";
        };
    }

    /** ECMAScript number-to-string, as Go's JSON encoder and {@code AsString} do. */
    private static String doubleAsString(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "json: unsupported value: " + (Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
        }
        double abs = Math.abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String scientific = new BigDecimal(Double.toString(value)).stripTrailingZeros().toString();
            return scientific.replace("E", "e");
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static void stringSkipEmpty(JsonGenerator json, String name, String value) {
        if (!value.isEmpty()) {
            json.writeStringProperty(name, value);
        }
    }

    private static void intSkipZero(JsonGenerator json, String name, long value) {
        if (value != 0) {
            json.writeNumberProperty(name, value);
        }
    }
}
