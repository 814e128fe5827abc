package io.opsplane.console.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestPostgres;

/** What the trace benchmarks share: an Opsplane on its own Elasticsearch node, and spans as services send them. */
final class TraceBenchData {

    private TraceBenchData() {
    }

    static OpsplaneInstance start() {
        // the node is started by the first use; a heavier load than the tests' wants more heap
        if (System.getProperty("opsplane.es.heap") == null) {
            System.setProperty("opsplane.es.heap", "-Xms1g -Xmx1g");
        }
        TestElasticsearch.url();
        return OpsplaneInstance.on(TestPostgres.newDatabase(), new OrderSaga("tracebench")
                        .writeDefinition(Duration.ofMinutes(5)))
                .elasticsearch(TestElasticsearch.uniquePrefix())
                .property("opsplane.ingest.enabled", false).start();
    }

    static ByteString traceId(long n) {
        return ByteString.copyFrom(HexFormat.of().parseHex("%032x".formatted(n)));
    }

    static ByteString spanId(long n) {
        return ByteString.copyFrom(HexFormat.of().parseHex("%016x".formatted(n)));
    }

    static Span span(long trace, long span, long parent, String name, Instant start, long micros, boolean error,
                     int status, String customer) {
        long startNanos = ChronoUnit.NANOS.between(Instant.EPOCH, start);
        Span.Builder b = Span.newBuilder().setTraceId(traceId(trace)).setSpanId(spanId(span)).setName(name)
                .setKind(parent == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + micros * 1000)
                .addAttributes(attribute("http.status_code", AnyValue.newBuilder().setIntValue(status).build()))
                .addAttributes(attribute("customer.id", AnyValue.newBuilder().setStringValue(customer).build()));
        if (parent != 0) {
            b.setParentSpanId(spanId(parent));
        }
        if (error) {
            b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        return b.build();
    }

    private static KeyValue attribute(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static ExportTraceServiceRequest request(String service, Iterable<Span> spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name",
                        AnyValue.newBuilder().setStringValue(service).build())))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
    }
}
