package io.opsplane.console.telemetry.trace.jaeger;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.opsplane.console.telemetry.otlp.SpanKinds;
import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;

/**
 * Stored Jaeger spans back to OTLP, as Jaeger v2 reads its Elasticsearch spans for API v3 (the Collector's
 * Jaeger-to-OTLP translation): the process is the resource ({@code service.name} first), the
 * {@code otel.scope.*} tags the scope, {@code span.kind}, {@code error}, {@code otel.status_*} and
 * {@code w3c.tracestate} tags become the span's own fields, logs become events (their {@code event} field the
 * name), and every reference but the parent becomes a link with its {@code opentracing.ref_type}.
 * The reverse of the writer's conversion of OTLP, so what was sent as OTLP reads back as it was.
 */
final class OtlpTraces {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpTraces() {
    }

    /** Spans of one or more traces, grouped by process and then by scope in the order first met. */
    static TracesData of(List<TraceSpan> spans) {
        Map<Process, Map<ScopeKey, List<Span>>> grouped = new LinkedHashMap<>();
        for (TraceSpan span : spans) {
            List<Tag> attributes = new ArrayList<>(span.tags());
            String scopeName = take(attributes, "otel.scope.name", "otel.library.name");
            String scopeVersion = take(attributes, "otel.scope.version", "otel.library.version");
            ScopeKey scope = new ScopeKey(scopeName, scopeVersion, span.scopeTags() == null ? List.of() : span.scopeTags());
            grouped.computeIfAbsent(span.process(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(scope, s -> new ArrayList<>())
                    .add(span(span, attributes));
        }
        TracesData.Builder traces = TracesData.newBuilder();
        grouped.forEach((process, scopes) -> {
            Resource.Builder resource = Resource.newBuilder()
                    .addAttributes(keyValue("service.name", AnyValue.newBuilder()
                            .setStringValue(process.serviceName() == null ? "" : process.serviceName()).build()));
            process.tags().forEach(tag -> resource.addAttributes(attribute(tag)));
            ResourceSpans.Builder resourceSpans = ResourceSpans.newBuilder().setResource(resource);
            scopes.forEach((scope, scopeSpans) -> {
                InstrumentationScope.Builder s = InstrumentationScope.newBuilder()
                        .setName(Objects.requireNonNullElse(scope.name(), ""))
                        .setVersion(Objects.requireNonNullElse(scope.version(), ""));
                scope.tags().forEach(tag -> s.addAttributes(attribute(tag)));
                resourceSpans.addScopeSpans(ScopeSpans.newBuilder().setScope(s).addAllSpans(scopeSpans));
            });
            traces.addResourceSpans(resourceSpans);
        });
        return traces.build();
    }

    private record ScopeKey(String name, String version, List<Tag> tags) {
    }

    private static Span span(TraceSpan span, List<Tag> attributes) {
        Span.Builder out = Span.newBuilder()
                .setTraceId(traceId(span.traceId()))
                .setSpanId(spanId(span.spanId()))
                .setName(Objects.requireNonNullElse(span.operationName(), ""))
                .setStartTimeUnixNano(span.startMicros() * 1_000)
                .setEndTimeUnixNano((span.startMicros() + span.durationMicros()) * 1_000)
                .setFlags((int) span.flags());
        String kind = take(attributes, "span.kind");
        out.setKind(SpanKinds.fromTag(kind));
        out.setStatus(status(attributes));
        String traceState = take(attributes, "w3c.tracestate");
        if (traceState != null) {
            out.setTraceState(traceState);
        }
        attributes.forEach(tag -> out.addAttributes(attribute(tag)));
        for (Log log : span.logs()) {
            Span.Event.Builder event = Span.Event.newBuilder().setTimeUnixNano(log.timestampMicros() * 1_000);
            List<Tag> fields = new ArrayList<>(log.fields());
            String name = take(fields, "event");
            if (name != null) {
                event.setName(name);
            }
            fields.forEach(field -> event.addAttributes(attribute(field)));
            out.addEvents(event);
        }
        String parent = span.parent();
        boolean parentTaken = false;
        if (parent != null) {
            out.setParentSpanId(spanId(parent));
        }
        for (Ref ref : span.references()) {
            boolean isParent = !parentTaken && parent != null && parent.equals(ref.spanId())
                    && TraceIds.same(ref.traceId(), span.traceId());
            if (isParent) {
                parentTaken = true;
                // a plain parent is only the parent; one written from a link keeps its link
                if (ref.tags().isEmpty() && ref.traceState() == null && "CHILD_OF".equals(ref.refType())) {
                    continue;
                }
            }
            Span.Link.Builder link = Span.Link.newBuilder()
                    .setTraceId(traceId(ref.traceId()))
                    .setSpanId(spanId(ref.spanId()))
                    .setFlags((int) ref.flags());
            if (ref.traceState() != null) {
                link.setTraceState(ref.traceState());
            }
            link.addAttributes(keyValue("opentracing.ref_type", AnyValue.newBuilder()
                    .setStringValue("CHILD_OF".equals(ref.refType()) ? "child_of" : "follows_from").build()));
            ref.tags().forEach(tag -> link.addAttributes(attribute(tag)));
            out.addLinks(link);
        }
        return out.build();
    }

    /** As the Collector reads it: {@code error=true} is an error; else {@code otel.status_code}; with its description. */
    private static Status status(List<Tag> attributes) {
        Status.Builder status = Status.newBuilder();
        boolean set = false;
        Tag error = find(attributes, "error");
        if (error != null && (Boolean.TRUE.equals(error.value()) || "true".equals(String.valueOf(error.value())))) {
            attributes.remove(error);
            status.setCode(Status.StatusCode.STATUS_CODE_ERROR);
            set = true;
        }
        String code = take(attributes, "otel.status_code");
        if (code != null && !set) {
            switch (code.toUpperCase(java.util.Locale.ROOT)) {
                case "OK" -> {
                    status.setCode(Status.StatusCode.STATUS_CODE_OK);
                    set = true;
                }
                case "ERROR" -> {
                    status.setCode(Status.StatusCode.STATUS_CODE_ERROR);
                    set = true;
                }
                default -> {
                }
            }
        }
        String description = take(attributes, "otel.status_description");
        if (description != null) {
            status.setMessage(description);
        }
        return status.build();
    }

    private static Tag find(List<Tag> tags, String key) {
        for (Tag tag : tags) {
            if (tag.key().equals(key)) {
                return tag;
            }
        }
        return null;
    }

    /** The value of the first of {@code keys} present, removed from {@code tags}; null when none is. */
    private static String take(List<Tag> tags, String... keys) {
        for (String key : keys) {
            Tag tag = find(tags, key);
            if (tag != null) {
                tags.remove(tag);
                return String.valueOf(tag.value());
            }
        }
        return null;
    }

    private static KeyValue attribute(Tag tag) {
        AnyValue.Builder value = AnyValue.newBuilder();
        Object v = tag.value();
        switch (tag.type()) {
            case BOOL -> value.setBoolValue(v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v)));
            case INT64 -> {
                if (v instanceof Number n) {
                    value.setIntValue(n.longValue());
                } else {
                    value.setStringValue(String.valueOf(v));
                }
            }
            case FLOAT64 -> {
                if (v instanceof Number n) {
                    value.setDoubleValue(n.doubleValue());
                } else {
                    value.setStringValue(String.valueOf(v));
                }
            }
            case BINARY -> {
                try {
                    value.setBytesValue(ByteString.copyFrom(HEX.parseHex(String.valueOf(v))));
                } catch (IllegalArgumentException notHex) {
                    value.setStringValue(String.valueOf(v));
                }
            }
            default -> value.setStringValue(v == null ? "" : String.valueOf(v));
        }
        return keyValue(tag.key(), value.build());
    }

    private static KeyValue keyValue(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString traceId(String id) {
        String canonical = TraceIds.canonical(id);
        return ByteString.copyFrom(HEX.parseHex("0".repeat(32 - canonical.length()) + canonical));
    }

    private static ByteString spanId(String id) {
        String hex = id == null ? "" : id.toLowerCase(java.util.Locale.ROOT);
        if (hex.length() > 16 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return ByteString.EMPTY;
        }
        return ByteString.copyFrom(HEX.parseHex("0".repeat(16 - hex.length()) + hex));
    }
}
