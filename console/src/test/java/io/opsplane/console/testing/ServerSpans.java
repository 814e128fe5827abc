package io.opsplane.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;

/**
 * The requests one service answered, as OTLP server spans: what the views that sum a service's traffic (the
 * overview's services, the migration view) count. Each request a trace of its own, one millisecond after the
 * last, 80 ms long.
 */
public final class ServerSpans {

    private final Resource.Builder resource = Resource.newBuilder();
    private String name;
    private final List<KeyValue> spanAttributes = new ArrayList<>();

    private ServerSpans(String service) {
        this.name = "GET /" + service;
        resource.addAttributes(attribute("service.name", service));
    }

    public static ServerSpans of(String service) {
        return new ServerSpans(service);
    }

    /** Resource attributes besides service.name, such as its namespace and environment. */
    public ServerSpans resource(Map<String, String> attributes) {
        attributes.forEach((key, value) -> resource.addAttributes(attribute(key, value)));
        return this;
    }

    /** The requests' span name and an attribute each carries; {@code GET /<service>} and none unless said. */
    public ServerSpans named(String spanName, String attributeKey, String attributeValue) {
        this.name = spanName;
        spanAttributes.add(attribute(attributeKey, attributeValue));
        return this;
    }

    /**
     * {@code count} requests from {@code at}, the first {@code failing} of them failed; the i-th on trace
     * {@code traceIdOf.apply(i)} (32 hex digits), its span id the trace's last 16.
     */
    public ResourceSpans requests(int count, int failing, Instant at, IntFunction<String> traceIdOf) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < count; i++) {
            long start = (at.toEpochMilli() + i) * 1_000_000L;
            String traceId = traceIdOf.apply(i);
            Span.Builder span = Span.newBuilder().setTraceId(ByteString.fromHex(traceId))
                    .setSpanId(ByteString.fromHex(traceId.substring(16))).setName(name)
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + 80_000_000L).addAllAttributes(spanAttributes);
            if (i < failing) {
                span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
            }
            scope.addSpans(span);
        }
        return ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope).build();
    }

    /** Exports the services' requests in one request through {@code sink}, as the OTLP receiver would: none refused. */
    public static void export(OtlpTraceSink sink, ResourceSpans... services) {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(services))
                .build();
        assertThat(sink.export(request).rejected()).isZero();
    }

    public static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
