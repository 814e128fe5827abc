package io.opsplane.console.telemetry.trace.jaeger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trace in Jaeger UI's JSON ({@code uimodel}): spans refer to processes by id ({@code p1}, {@code p2}, ...),
 * int64 values beyond what JavaScript holds exactly are strings, binary values base64.
 */
public final class JaegerUiJson {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private JaegerUiJson() {
    }

    public static ObjectNode trace(List<TraceSpan> spans) {
        ObjectNode trace = JSON.createObjectNode();
        trace.put("traceID", TraceIds.canonical(spans.getFirst().traceId()));
        ArrayNode spanArray = trace.putArray("spans");
        Map<Process, String> processIds = new LinkedHashMap<>();
        for (TraceSpan span : spans) {
            String processId = processIds.computeIfAbsent(span.process(), p -> "p" + (processIds.size() + 1));
            span(spanArray.addObject(), span, processId);
        }
        ObjectNode processes = trace.putObject("processes");
        processIds.forEach((process, id) -> {
            ObjectNode p = processes.putObject(id);
            p.put("serviceName", process.serviceName());
            tags(p.putArray("tags"), process.tags());
        });
        trace.putNull("warnings");
        return trace;
    }

    private static void span(ObjectNode out, TraceSpan span, String processId) {
        String traceId = TraceIds.canonical(span.traceId());
        out.put("traceID", traceId);
        out.put("spanID", span.spanId());
        if (span.flags() != 0) {
            out.put("flags", span.flags());
        }
        out.put("operationName", span.operationName());
        ArrayNode refs = out.putArray("references");
        List<Ref> references = new ArrayList<>(span.references());
        String parent = span.parentSpanId();
        if (parent != null && references.stream().noneMatch(r -> "CHILD_OF".equals(r.refType())
                && parent.equals(r.spanId()) && TraceIds.same(r.traceId(), span.traceId()))) {
            // written by a Jaeger that keeps the parent only in parentSpanID: the UI finds it as the first CHILD_OF
            references.addFirst(new Ref("CHILD_OF", span.traceId(), parent, null, 0, List.of()));
        }
        for (Ref ref : references) {
            ObjectNode r = refs.addObject();
            r.put("refType", ref.refType());
            r.put("traceID", TraceIds.canonical(ref.traceId()));
            r.put("spanID", ref.spanId());
        }
        out.put("startTime", span.startMicros());
        out.put("duration", span.durationMicros());
        tags(out.putArray("tags"), span.tags());
        ArrayNode logs = out.putArray("logs");
        for (Log log : span.logs()) {
            ObjectNode l = logs.addObject();
            l.put("timestamp", log.timestampMicros());
            tags(l.putArray("fields"), log.fields());
        }
        out.put("processID", processId);
        out.putNull("warnings");
    }

    private static void tags(ArrayNode out, List<Tag> tags) {
        for (Tag tag : tags) {
            ObjectNode t = out.addObject();
            t.put("key", tag.key());
            t.put("type", tag.type().stored());
            Object value = tag.value();
            switch (tag.type()) {
                case BOOL -> t.put("value", (Boolean) value);
                case FLOAT64 -> t.put("value", (Double) value);
                case INT64 -> {
                    if (value instanceof Long l && Math.abs(l) <= MAX_SAFE_INTEGER) {
                        t.put("value", l);
                    } else {
                        t.put("value", String.valueOf(value));
                    }
                }
                case BINARY -> t.put("value", base64(String.valueOf(value)));
                default -> t.put("value", String.valueOf(value));
            }
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
