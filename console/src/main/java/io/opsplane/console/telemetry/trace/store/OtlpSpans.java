package io.opsplane.console.telemetry.trace.store;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.telemetry.otlp.SpanKinds;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan.TagType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP spans to Jaeger spans, as Jaeger v2's Elasticsearch writer converts them ({@code to_dbmodel.go}):
 * scope name and version as the first tags, then the attributes, span kind, status (an error status is
 * the {@code error=true} tag), trace state; events as logs with their name in an {@code event} field;
 * links as references after the parent. Scope attributes and link attributes, which Jaeger's span
 * template has room for, go to {@code scopeTags} and the reference's {@code tags}.
 */
final class OtlpSpans {

    static final String NO_SERVICE_NAME = "OTLPResourceNoServiceName";
    private static final HexFormat HEX = HexFormat.of();
    private static final String REF_TYPE = "opentracing.ref_type";

    /** The spans that convert, and what was wrong with those that did not. */
    record Converted(List<TraceSpan> spans, int rejected, String firstError) {
    }

    private OtlpSpans() {
    }

    static Converted convert(ExportTraceServiceRequest request) {
        List<TraceSpan> spans = new ArrayList<>();
        int rejected = 0;
        String firstError = null;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Process process = process(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                InstrumentationScope scope = scopeSpans.getScope();
                List<Tag> scopeTags = tags(scope.getAttributesList());
                for (Span span : scopeSpans.getSpansList()) {
                    String problem = problem(span);
                    if (problem != null) {
                        rejected++;
                        firstError = firstError == null ? problem : firstError;
                        continue;
                    }
                    spans.add(span(span, scope, scopeTags, process));
                }
            }
        }
        return new Converted(spans, rejected, firstError);
    }

    private static String problem(Span span) {
        if (span.getTraceId().size() != 16 || isZero(span.getTraceId())) {
            return "span '" + span.getName() + "' has no valid trace id (16 bytes, not all zero)";
        }
        if (span.getSpanId().size() != 8 || isZero(span.getSpanId())) {
            return "span '" + span.getName() + "' has no valid span id (8 bytes, not all zero)";
        }
        if (!span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8) {
            return "span '" + span.getName() + "' has a parent span id that is not 8 bytes";
        }
        return null;
    }

    private static boolean isZero(ByteString bytes) {
        for (int i = 0; i < bytes.size(); i++) {
            if (bytes.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Process process(Resource resource) {
        String serviceName = null;
        List<Tag> tags = new ArrayList<>();
        for (KeyValue attribute : resource.getAttributesList()) {
            if (attribute.getKey().equals("service.name")) {
                serviceName = asString(attribute.getValue());
            } else {
                tags.add(tag(attribute.getKey(), attribute.getValue()));
            }
        }
        return new Process(serviceName == null ? NO_SERVICE_NAME : serviceName, tags);
    }

    private static TraceSpan span(Span span, InstrumentationScope scope, List<Tag> scopeTags, Process process) {
        String traceId = HEX.formatHex(span.getTraceId().toByteArray());
        String parent = span.getParentSpanId().isEmpty() || isZero(span.getParentSpanId()) ? null
                : HEX.formatHex(span.getParentSpanId().toByteArray());
        long start = span.getStartTimeUnixNano() / 1000;
        long duration = (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000;

        List<Tag> tags = new ArrayList<>();
        if (!scope.getName().isEmpty()) {
            tags.add(Tag.string("otel.scope.name", scope.getName()));
        }
        if (!scope.getVersion().isEmpty()) {
            tags.add(Tag.string("otel.scope.version", scope.getVersion()));
        }
        tags.addAll(tags(span.getAttributesList()));
        String kind = SpanKinds.tag(span.getKind());
        if (kind != null) {
            tags.add(Tag.string("span.kind", kind));
        }
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_OK) {
            tags.add(Tag.string("otel.status_code", "OK"));
        } else if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            tags.add(new Tag("error", TagType.BOOL, true));
        }
        if (!span.getStatus().getMessage().isEmpty()) {
            tags.add(Tag.string("otel.status_description", span.getStatus().getMessage()));
        }
        if (!span.getTraceState().isEmpty()) {
            tags.add(Tag.string("w3c.tracestate", span.getTraceState()));
        }

        List<Log> logs = new ArrayList<>();
        for (Span.Event event : span.getEventsList()) {
            List<Tag> fields = new ArrayList<>();
            boolean eventAttribute = event.getAttributesList().stream().anyMatch(a -> a.getKey().equals("event"));
            if (!event.getName().isEmpty() && !eventAttribute) {
                fields.add(Tag.string("event", event.getName()));
            }
            fields.addAll(tags(event.getAttributesList()));
            logs.add(new Log(event.getTimeUnixNano() / 1000, fields));
        }

        List<Ref> refs = new ArrayList<>();
        // the parent first: readers take the first CHILD_OF reference as the parent
        if (parent != null) {
            refs.add(new Ref("CHILD_OF", traceId, parent, null, 0, List.of()));
        }
        for (Span.Link link : span.getLinksList()) {
            String linkTrace = HEX.formatHex(link.getTraceId().toByteArray());
            String linkSpan = HEX.formatHex(link.getSpanId().toByteArray());
            String refType = "FOLLOWS_FROM";
            List<Tag> linkTags = new ArrayList<>();
            for (KeyValue attribute : link.getAttributesList()) {
                if (attribute.getKey().equals(REF_TYPE)) {
                    refType = "child_of".equals(attribute.getValue().getStringValue()) ? "CHILD_OF" : "FOLLOWS_FROM";
                } else {
                    linkTags.add(tag(attribute.getKey(), attribute.getValue()));
                }
            }
            if (parent != null && linkTrace.equals(traceId) && linkSpan.equals(parent)) {
                // the parent again: the link says which kind of reference it is
                refs.set(0, new Ref(refType, traceId, parent, emptyToNull(link.getTraceState()), link.getFlags(),
                        linkTags));
                continue;
            }
            refs.add(new Ref(refType, linkTrace, linkSpan, emptyToNull(link.getTraceState()), link.getFlags(),
                    linkTags));
        }
        return new TraceSpan(traceId, HEX.formatHex(span.getSpanId().toByteArray()), parent,
                Integer.toUnsignedLong(span.getFlags()), span.getName(), refs, start, duration, tags, logs, process,
                scopeTags);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static List<Tag> tags(List<KeyValue> attributes) {
        List<Tag> tags = new ArrayList<>(attributes.size());
        for (KeyValue attribute : attributes) {
            tags.add(tag(attribute.getKey(), attribute.getValue()));
        }
        return tags;
    }

    private static Tag tag(String key, AnyValue value) {
        return switch (value.getValueCase()) {
            case BOOL_VALUE -> new Tag(key, TagType.BOOL, value.getBoolValue());
            case INT_VALUE -> new Tag(key, TagType.INT64, value.getIntValue());
            case DOUBLE_VALUE -> new Tag(key, TagType.FLOAT64, value.getDoubleValue());
            case BYTES_VALUE -> new Tag(key, TagType.BINARY, HEX.formatHex(value.getBytesValue().toByteArray()));
            default -> Tag.string(key, asString(value));
        };
    }

    /** As pdata's {@code AsString}: maps and arrays as JSON, bytes as base64, the rest as written. */
    private static String asString(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> raw(value).toString();
            default -> "";
        };
    }

    private static JsonNode raw(AnyValue value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value.getValueCase()) {
            case STRING_VALUE -> nodes.stringNode(value.getStringValue());
            case BOOL_VALUE -> nodes.booleanNode(value.getBoolValue());
            case INT_VALUE -> nodes.numberNode(value.getIntValue());
            case DOUBLE_VALUE -> nodes.numberNode(value.getDoubleValue());
            case BYTES_VALUE -> nodes.stringNode(
                    java.util.Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                ArrayNode array = nodes.arrayNode();
                value.getArrayValue().getValuesList().forEach(v -> array.add(raw(v)));
                yield array;
            }
            case KVLIST_VALUE -> {
                ObjectNode object = nodes.objectNode();
                value.getKvlistValue().getValuesList().forEach(kv -> object.set(kv.getKey(), raw(kv.getValue())));
                yield object;
            }
            default -> nodes.nullNode();
        };
    }
}
