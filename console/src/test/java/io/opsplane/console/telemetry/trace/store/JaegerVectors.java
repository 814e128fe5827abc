package io.opsplane.console.telemetry.trace.store;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan.TagType;
import io.opsplane.console.testing.Vectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jaeger's upstream vectors, read as they are, and Jaeger's domain model JSON (base64 ids, {@code vType}
 * values, RFC 3339 times) turned into spans independently of the code under test.
 */
final class JaegerVectors {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private JaegerVectors() {
    }

    static Path dir() {
        return Vectors.path("jaeger");
    }

    static byte[] bytes(String relative) {
        return Vectors.bytes("jaeger/" + relative);
    }

    static JsonNode json(String relative) {
        return JSON.readTree(bytes(relative));
    }

    /** A span of Jaeger's domain model JSON. */
    static TraceSpan domainSpan(JsonNode span) {
        String traceId = traceId(span.path("traceId").asString());
        List<Ref> refs = new ArrayList<>();
        for (JsonNode r : span.path("references")) {
            refs.add(new Ref(r.path("refType").asString("CHILD_OF"), traceId(r.path("traceId").asString()),
                    hex(r.path("spanId").asString()), null, 0, List.of()));
        }
        List<Log> logs = new ArrayList<>();
        for (JsonNode l : span.path("logs")) {
            logs.add(new Log(micros(l.path("timestamp").asString()), tags(l.path("fields"))));
        }
        JsonNode process = span.path("process");
        return new TraceSpan(traceId, hex(span.path("spanId").asString()), null, span.path("flags").asLong(0),
                span.path("operationName").asString(""), refs, micros(span.path("startTime").asString()),
                durationMicros(span.path("duration").asString()), tags(span.path("tags")), logs,
                new Process(process.path("serviceName").asString(), tags(process.path("tags"))), List.of());
    }

    /** As Jaeger's model prints a trace id: 16 digits when the high half is zero. */
    private static String traceId(String base64) {
        String hex = hex(base64);
        return hex.startsWith("0000000000000000") ? hex.substring(16) : hex;
    }

    private static String hex(String base64) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }

    private static long micros(String rfc3339) {
        OffsetDateTime t = OffsetDateTime.parse(rfc3339);
        return ChronoUnit.MICROS.between(OffsetDateTime.parse("1970-01-01T00:00:00Z"), t);
    }

    private static long durationMicros(String text) {
        if (!text.endsWith("ns")) {
            throw new IllegalArgumentException("domain durations in these vectors are in ns: " + text);
        }
        return Long.parseLong(text.substring(0, text.length() - 2)) / 1000;
    }

    private static List<Tag> tags(JsonNode array) {
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : array) {
            String key = t.path("key").asString();
            tags.add(switch (t.path("vType").asString("STRING")) {
                case "BOOL" -> new Tag(key, TagType.BOOL, t.path("vBool").asBoolean(false));
                case "INT64" -> new Tag(key, TagType.INT64, t.path("vInt64").asLong(0));
                case "FLOAT64" -> new Tag(key, TagType.FLOAT64, t.path("vFloat64").asDouble(0));
                case "BINARY" -> new Tag(key, TagType.BINARY, hex(t.path("vBinary").asString("")));
                default -> new Tag(key, TagType.STRING, t.path("vStr").asString(""));
            });
        }
        return tags;
    }
}
