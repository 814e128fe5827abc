package io.opsplane.console.telemetry.trace.jaeger;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trace in Jaeger UI's JSON ({@code uimodel}): spans refer to processes by id ({@code p1}, {@code p2}, ...),
 * int64 values beyond what JavaScript holds exactly are strings, binary values base64.
 */
public final class JaegerUiJson {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    // names written as prepared bytes: a name given as a string is checked for escapes and encoded every time
    private static final SerializableString DATA = new SerializedString("data");
    private static final SerializableString TOTAL = new SerializedString("total");
    private static final SerializableString LIMIT = new SerializedString("limit");
    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString ERRORS = new SerializedString("errors");
    private static final SerializableString TRACE_ID = new SerializedString("traceID");
    private static final SerializableString SPANS = new SerializedString("spans");
    private static final SerializableString PROCESSES = new SerializedString("processes");
    private static final SerializableString SERVICE_NAME = new SerializedString("serviceName");
    private static final SerializableString WARNINGS = new SerializedString("warnings");
    private static final SerializableString SPAN_ID = new SerializedString("spanID");
    private static final SerializableString FLAGS = new SerializedString("flags");
    private static final SerializableString OPERATION_NAME = new SerializedString("operationName");
    private static final SerializableString REFERENCES = new SerializedString("references");
    private static final SerializableString START_TIME = new SerializedString("startTime");
    private static final SerializableString DURATION = new SerializedString("duration");
    private static final SerializableString LOGS = new SerializedString("logs");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString PROCESS_ID = new SerializedString("processID");
    private static final SerializableString REF_TYPE = new SerializedString("refType");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString TAGS = new SerializedString("tags");
    private static final SerializableString FIELDS = new SerializedString("fields");

    private JaegerUiJson() {
    }

    /** The trace as a tree, for those who keep it beside other things (a saga's trace summary). */
    public static ObjectNode trace(List<TraceSpan> spans) {
        return JSON.valueToTree(new Written(g -> write(g, spans)));
    }

    /**
     * The Jaeger API's answer with these traces as its data, written straight to the answer; a tree is made of it only
     * where the answer is masked for its reader.
     */
    static JacksonSerializable answer(List<List<TraceSpan>> traces) {
        return envelope(g -> {
            g.writeStartArray();
            traces.forEach(trace -> write(g, trace));
            g.writeEndArray();
        }, 0);
    }

    /** The Jaeger API's answer around the data {@code data} writes. */
    static JacksonSerializable envelope(Consumer<JsonGenerator> data, int total) {
        return new Written(g -> {
            g.writeStartObject();
            g.writeName(DATA);
            data.accept(g);
            g.writeName(TOTAL).writeNumber(total);
            g.writeName(LIMIT).writeNumber(0);
            g.writeName(OFFSET).writeNumber(0);
            g.writeName(ERRORS).writeNull();
            g.writeEndObject();
        });
    }

    /** JSON written by a generator rather than held as a tree. */
    private record Written(Consumer<JsonGenerator> writer) implements JacksonSerializable {

        @Override
        public void serialize(JsonGenerator g, SerializationContext context) {
            writer.accept(g);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializationContext context, TypeSerializer typeSerializer) {
            writer.accept(g);
        }
    }

    /** One trace: its spans, then the processes they refer to. */
    private static void write(JsonGenerator g, List<TraceSpan> spans) {
        g.writeStartObject();
        String traceId = canonical(spans.getFirst().traceId());
        g.writeName(TRACE_ID).writeString(traceId);
        g.writeName(SPANS);
        g.writeStartArray();
        Map<Process, String> processIds = new LinkedHashMap<>();
        for (TraceSpan span : spans) {
            String processId = processIds.computeIfAbsent(span.process(), p -> "p" + (processIds.size() + 1));
            span(g, span, span.traceId().equals(spans.getFirst().traceId()) ? traceId
                    : canonical(span.traceId()), processId);
        }
        g.writeEndArray();
        g.writeName(PROCESSES);
        g.writeStartObject();
        processIds.forEach((process, id) -> {
            g.writeName(id);
            g.writeStartObject();
            g.writeName(SERVICE_NAME).writeString(process.serviceName());
            tags(g, TAGS, process.tags());
            g.writeEndObject();
        });
        g.writeEndObject();
        g.writeName(WARNINGS).writeNull();
        g.writeEndObject();
    }

    /** Whether the span refers to {@code parent} of its own trace as CHILD_OF. A loop: this runs for every span. */
    private static boolean childOf(TraceSpan span, String parent) {
        for (Ref ref : span.references()) {
            // the span's own id was found by a valid form, so a reference holding the same text needs no check
            if ("CHILD_OF".equals(ref.refType()) && parent.equals(ref.spanId())
                    && (ref.traceId().equals(span.traceId()) || TraceIds.same(ref.traceId(), span.traceId()))) {
                return true;
            }
        }
        return false;
    }

    private static void span(JsonGenerator g, TraceSpan span, String traceId, String processId) {
        g.writeStartObject();
        g.writeName(TRACE_ID).writeString(traceId);
        g.writeName(SPAN_ID).writeString(span.spanId());
        if (span.flags() != 0) {
            g.writeName(FLAGS).writeNumber(span.flags());
        }
        g.writeName(OPERATION_NAME).writeString(span.operationName());
        g.writeName(REFERENCES);
        g.writeStartArray();
        String parent = span.parentSpanId();
        if (parent != null && !childOf(span, parent)) {
            // written by a Jaeger that keeps the parent only in parentSpanID: the UI finds it as the first CHILD_OF
            reference(g, "CHILD_OF", traceId, parent);
        }
        for (Ref ref : span.references()) {
            reference(g, ref.refType(), ref.traceId().equals(span.traceId()) ? traceId
                    : canonical(ref.traceId()), ref.spanId());
        }
        g.writeEndArray();
        g.writeName(START_TIME).writeNumber(span.startMicros());
        g.writeName(DURATION).writeNumber(span.durationMicros());
        tags(g, TAGS, span.tags());
        g.writeName(LOGS);
        g.writeStartArray();
        for (Log log : span.logs()) {
            g.writeStartObject();
            g.writeName(TIMESTAMP).writeNumber(log.timestampMicros());
            tags(g, FIELDS, log.fields());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName(PROCESS_ID).writeString(processId);
        g.writeName(WARNINGS).writeNull();
        g.writeEndObject();
    }

    private static void reference(JsonGenerator g, String refType, String traceId, String spanId) {
        g.writeStartObject();
        g.writeName(REF_TYPE).writeString(refType);
        g.writeName(TRACE_ID).writeString(traceId);
        g.writeName(SPAN_ID).writeString(spanId);
        g.writeEndObject();
    }

    private static void tags(JsonGenerator g, SerializableString name, List<Tag> tags) {
        g.writeName(name);
        g.writeStartArray();
        for (Tag tag : tags) {
            g.writeStartObject();
            g.writeName(KEY).writeString(tag.key());
            g.writeName(TYPE).writeString(tag.type().stored());
            Object value = tag.value();
            g.writeName(VALUE);
            switch (tag.type()) {
                case BOOL -> g.writeBoolean((Boolean) value);
                case FLOAT64 -> g.writeNumber((Double) value);
                case INT64 -> {
                    if (value instanceof Long l && Math.abs(l) <= MAX_SAFE_INTEGER) {
                        g.writeNumber(l);
                    } else {
                        g.writeString(String.valueOf(value));
                    }
                }
                case BINARY -> g.writeString(base64(String.valueOf(value)));
                default -> g.writeString(String.valueOf(value));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Jaeger's form of a stored trace id; one that is no trace id (stored by another writer) as it was stored. */
    private static String canonical(String storedId) {
        try {
            return TraceIds.canonical(storedId);
        } catch (IllegalArgumentException notAnId) {
            return storedId;
        }
    }

    private static String base64(String hex) {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException notHex) {
            return hex;
        }
    }
}
