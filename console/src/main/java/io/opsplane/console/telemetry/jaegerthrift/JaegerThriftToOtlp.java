package io.opsplane.console.telemetry.jaegerthrift;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.telemetry.otlp.SpanKinds;

/**
 * A Jaeger Thrift batch as OTLP, converted the way the OpenTelemetry Collector's jaeger receiver does
 * (opentelemetry-collector-contrib, pkg/translator/jaeger/jaegerthrift_to_traces.go):
 * <ul>
 *   <li>the process as one resource: {@code service.name} and its tags, {@code hostname} as {@code host.name},
 *       {@code jaeger.version} as {@code opencensus.exporterversion} ("Jaeger-…");</li>
 *   <li>the parent from {@code parentSpanId}, else the first CHILD_OF (then FOLLOWS_FROM) reference in the same
 *       trace; every other reference a link with {@code opentracing.ref_type};</li>
 *   <li>tags as typed attributes; {@code span.kind} as the kind; status from {@code error=true} (with
 *       {@code otel.status_description}), else {@code otel.status_code}, else an HTTP status code (5xx, or 4xx on
 *       a client, fails);</li>
 *   <li>logs as events named by their {@code event} field.</li>
 * </ul>
 */
final class JaegerThriftToOtlp {

    private JaegerThriftToOtlp() {
    }

    static ExportTraceServiceRequest convert(JaegerBatch batch) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        if (batch.spans().isEmpty() && batch.process().serviceName().isEmpty() && batch.process().tags().isEmpty()) {
            return request.build();
        }
        ResourceSpans.Builder resource = ResourceSpans.newBuilder().setResource(resource(batch.process()));
        if (!batch.spans().isEmpty()) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            batch.spans().forEach(span -> scope.addSpans(span(span)));
            resource.addScopeSpans(scope);
        }
        return request.addResourceSpans(resource).build();
    }

    private static Resource resource(JaegerBatch.Process process) {
        Map<String, AnyValue> attributes = new LinkedHashMap<>();
        if (!process.serviceName().isEmpty()) {
            attributes.put("service.name", text(process.serviceName()));
        }
        process.tags().forEach(tag -> attributes.put(tag.key(), value(tag)));
        AnyValue hostname = attributes.get("hostname");
        if (hostname != null && !attributes.containsKey("host.name")) {
            attributes.remove("hostname");
            attributes.put("host.name", hostname);
        }
        AnyValue jaegerVersion = attributes.get("jaeger.version");
        if (jaegerVersion != null && !attributes.containsKey("opencensus.exporterversion")) {
            attributes.remove("jaeger.version");
            attributes.put("opencensus.exporterversion", text("Jaeger-" + jaegerVersion.getStringValue()));
        }
        Resource.Builder resource = Resource.newBuilder();
        attributes.forEach((key, value) -> resource.addAttributes(KeyValue.newBuilder().setKey(key).setValue(value)));
        return resource.build();
    }

    private static Span span(JaegerBatch.Span jaeger) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(traceId(jaeger.traceIdHigh(), jaeger.traceIdLow()))
                .setSpanId(spanId(jaeger.spanId()))
                .setName(jaeger.operationName())
                .setStartTimeUnixNano(jaeger.startTimeMicros() * 1_000)
                .setEndTimeUnixNano((jaeger.startTimeMicros() + jaeger.durationMicros()) * 1_000);
        long parent = parent(jaeger);
        if (parent != 0) {
            span.setParentSpanId(spanId(parent));
        }
        Map<String, AnyValue> attributes = new LinkedHashMap<>();
        jaeger.tags().forEach(tag -> attributes.put(tag.key(), value(tag)));
        AnyValue kind = attributes.remove("span.kind");
        if (kind != null) {
            span.setKind(SpanKinds.fromTag(kind.getStringValue()));
        }
        status(attributes, span);
        AnyValue traceState = attributes.remove("w3c.tracestate");
        if (traceState != null) {
            span.setTraceState(traceState.getStringValue());
        }
        attributes.forEach((key, value) -> span.addAttributes(KeyValue.newBuilder().setKey(key).setValue(value)));
        for (JaegerBatch.Log log : jaeger.logs()) {
            Span.Event.Builder event = Span.Event.newBuilder().setTimeUnixNano(log.timestampMicros() * 1_000);
            for (JaegerBatch.Tag field : log.fields()) {
                if (field.key().equals("event")) {
                    event.setName(field.string());
                } else {
                    event.addAttributes(KeyValue.newBuilder().setKey(field.key()).setValue(value(field)));
                }
            }
            span.addEvents(event);
        }
        List<JaegerBatch.SpanRef> references = jaeger.references();
        for (JaegerBatch.SpanRef reference : references) {
            if (reference.spanId() == parent && reference.type() == 0) {
                continue;
            }
            span.addLinks(Span.Link.newBuilder().setTraceId(traceId(reference.traceIdHigh(), reference.traceIdLow()))
                    .setSpanId(spanId(reference.spanId()))
                    .addAttributes(KeyValue.newBuilder().setKey("opentracing.ref_type")
                            .setValue(text(reference.type() == 0 ? "child_of" : "follows_from"))));
        }
        return span.build();
    }

    /** The parent: {@code parentSpanId}, else a reference in the same trace, CHILD_OF before FOLLOWS_FROM. */
    private static long parent(JaegerBatch.Span span) {
        if (span.parentSpanId() != 0) {
            return span.parentSpanId();
        }
        JaegerBatch.SpanRef followsFrom = null;
        for (JaegerBatch.SpanRef reference : span.references()) {
            if (reference.traceIdHigh() != span.traceIdHigh() || reference.traceIdLow() != span.traceIdLow()) {
                continue;
            }
            if (reference.type() == 0) {
                return reference.spanId();
            }
            if (followsFrom == null) {
                followsFrom = reference;
            }
        }
        return followsFrom == null ? 0 : followsFrom.spanId();
    }

    private static void status(Map<String, AnyValue> attributes, Span.Builder span) {
        AnyValue error = attributes.get("error");
        if (error != null && error.hasBoolValue() && error.getBoolValue()) {
            attributes.remove("error");
            AnyValue description = attributes.remove("otel.status_description");
            AnyValue httpMessage = attributes.get("http.status_message");
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(
                    description != null ? description.getStringValue()
                            : httpMessage != null ? httpMessage.getStringValue() : ""));
            attributes.remove("otel.status_code");
            return;
        }
        AnyValue code = attributes.remove("otel.status_code");
        if (code != null) {
            AnyValue description = attributes.remove("otel.status_description");
            Status.StatusCode statusCode = switch (code.getStringValue().toUpperCase(Locale.ROOT)) {
                case "OK" -> Status.StatusCode.STATUS_CODE_OK;
                case "ERROR" -> Status.StatusCode.STATUS_CODE_ERROR;
                default -> Status.StatusCode.STATUS_CODE_UNSET;
            };
            span.setStatus(Status.newBuilder().setCode(statusCode)
                    .setMessage(description == null ? "" : description.getStringValue()));
            return;
        }
        AnyValue http = attributes.get("http.status_code");
        Long httpCode = http == null ? null : http.hasIntValue() ? Long.valueOf(http.getIntValue())
                : http.hasStringValue() && http.getStringValue().matches("\\d{1,9}") ? Long.valueOf(http.getStringValue())
                : null;
        if (httpCode != null) {
            boolean failed = httpCode < 100 || httpCode >= 500
                    || httpCode >= 400 && span.getKind() != Span.SpanKind.SPAN_KIND_SERVER;
            if (failed) {
                AnyValue message = attributes.get("http.status_message");
                span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage(message == null ? "" : message.getStringValue()));
            }
        }
    }

    private static AnyValue value(JaegerBatch.Tag tag) {
        AnyValue.Builder value = AnyValue.newBuilder();
        return switch (tag.type()) {
            case JaegerBatch.Tag.STRING -> value.setStringValue(tag.string()).build();
            case JaegerBatch.Tag.DOUBLE -> value.setDoubleValue(tag.number()).build();
            case JaegerBatch.Tag.BOOL -> value.setBoolValue(tag.bool()).build();
            case JaegerBatch.Tag.LONG -> value.setIntValue(tag.integer()).build();
            case JaegerBatch.Tag.BINARY -> value.setBytesValue(ByteString.copyFrom(tag.binary())).build();
            default -> value.setStringValue("<Unknown Jaeger TagType \"" + tag.type() + "\">").build();
        };
    }

    private static ByteString traceId(long high, long low) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
    }

    private static ByteString spanId(long id) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
    }

    private static AnyValue text(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }
}
