package io.opsplane.console.telemetry.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import io.jaegertracing.thriftjava.Batch;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.RunningOpsplane;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.Vectors;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin v2 spans at {@code POST /api/v2/spans}, encoded by Zipkin's own library as Brave's and Sleuth's reporters
 * encode them (JSON and proto3), and the Collector's own receiver test data; read back through the Jaeger API as a
 * user's Jaeger UI or Grafana would: services, operations, references, tags and logs as the Collector converts them;
 * and one trace whose spans came as OTLP, Zipkin and Jaeger Thrift, read as one.
 */
class ZipkinReceiverTest {

    @RegisterExtension
    static final RunningOpsplane opsplane = new RunningOpsplane(() -> OpsplaneInstance.withOrderSaga().elasticsearch());

    /** A monolith's request as Brave reports it: its server span and a failing call to the inventory. */
    private static List<Span> monolithRequest(String traceId, long startMicros) {
        Endpoint shop = Endpoint.newBuilder().serviceName("legacy-shop").ip("10.1.2.3").port(8094).build();
        Span server = Span.newBuilder().traceId(traceId).id("00f067aa0ba902b7").kind(Span.Kind.SERVER)
                .name("POST /orders").timestamp(startMicros).duration(120_000).localEndpoint(shop)
                .putTag("http.method", "POST").putTag("http.route", "/orders").putTag("host.name", "shop-7")
                .build();
        Span call = Span.newBuilder().traceId(traceId).parentId("00f067aa0ba902b7").id("a1b2c3d4e5f60718")
                .kind(Span.Kind.CLIENT).name("GET /stock").timestamp(startMicros + 10_000).duration(50_000)
                .localEndpoint(shop)
                .remoteEndpoint(Endpoint.newBuilder().serviceName("inventory").ip("10.1.9.9").port(8092).build())
                .addAnnotation(startMicros + 12_000, "wr").putTag("error", "read timed out").build();
        return List.of(server, call);
    }

    @Test
    void jsonFromABraveReporterIsATraceWithReferencesTagsAndLogs() {
        long now = System.currentTimeMillis() * 1_000;
        String traceId = "463ac35c9f6413ad";
        assertAccepted(post("application/json", SpanBytesEncoder.JSON_V2.encodeList(monolithRequest(traceId, now))));

        JsonNode trace = trace(traceId);
        assertThat(trace.path("traceID").asString()).isEqualTo(traceId);
        JsonNode server = span(trace, "00f067aa0ba902b7");
        JsonNode call = span(trace, "a1b2c3d4e5f60718");
        // Zipkin's library lower-cases names as Brave sends them; they are kept as sent
        assertThat(server.path("operationName").asString()).isEqualTo("post /orders");
        assertThat(trace.path("processes").path(server.path("processID").asString()).path("serviceName").asString())
                .isEqualTo("legacy-shop");
        assertThat(tag(server, "span.kind")).isEqualTo("server");
        assertThat(tag(server, "http.route")).isEqualTo("/orders");
        assertThat(tag(server, "net.host.ip")).isEqualTo("10.1.2.3");
        assertThat(tag(server, "net.host.port")).isEqualTo("8094");
        assertThat(tag(server, "host.name")).as("a resource attribute, not a span tag").isNull();
        assertThat(processTag(trace, server, "host.name")).isEqualTo("shop-7");
        assertThat(server.path("duration").asLong()).isEqualTo(120_000);

        assertThat(call.path("references").get(0).path("refType").asString()).isEqualTo("CHILD_OF");
        assertThat(call.path("references").get(0).path("spanID").asString()).isEqualTo("00f067aa0ba902b7");
        assertThat(tag(call, "span.kind")).isEqualTo("client");
        assertThat(tag(call, "peer.service")).isEqualTo("inventory");
        assertThat(tag(call, "net.peer.ip")).isEqualTo("10.1.9.9");
        // failed: Brave's message is the error tag's value, which Jaeger's schema keeps as error=true
        assertThat(tags(call, "error")).contains("true");
        assertThat(call.path("logs").get(0).path("fields").get(0).path("value").asString()).isEqualTo("wr");
        assertThat(call.path("logs").get(0).path("timestamp").asLong()).isEqualTo(now + 12_000);
    }

    @Test
    void proto3AndGzipAreTakenAsZipkinsServerTakesThem() throws IOException {
        long now = System.currentTimeMillis() * 1_000;
        String traceId = "5af7183fb1d4cf5f463ac35c9f6413ad";
        assertAccepted(post("application/x-protobuf", SpanBytesEncoder.PROTO3.encodeList(monolithRequest(traceId, now))));
        String gzipped = "6b221d5bc9e6496c463ac35c9f6413ad";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(body)) {
            gzip.write(SpanBytesEncoder.JSON_V2.encodeList(monolithRequest(gzipped, now)));
        }
        assertAccepted(opsplane.api().ingest().post("/api/v2/spans", "application/json", body.toByteArray(),
                Map.of("Content-Encoding", "gzip")));

        for (String id : List.of(traceId, gzipped)) {
            JsonNode trace = trace(id);
            assertThat(trace.path("spans").size()).isEqualTo(2);
            assertThat(tag(span(trace, "a1b2c3d4e5f60718"), "peer.service")).isEqualTo("inventory");
            assertThat(span(trace, "a1b2c3d4e5f60718").path("references").get(0).path("spanID").asString())
                    .isEqualTo("00f067aa0ba902b7");
        }
    }

    @Test
    void theCollectorsOwnTestSpansFailAsTheCollectorSays() {
        assertAccepted(post("application/json", Vectors.bytes("zipkin/sample3.json")));
        JsonNode byStatusCode = trace("4d1e00c0db9010db86154a4ba6e91385");
        JsonNode span = byStatusCode.path("spans").get(0);
        assertThat(tags(span, "error")).containsExactly("true");
        assertThat(tag(span, "otel.status_description")).isEqualTo("Something failed");
        assertThat(tag(span, "clnt/finagle.version")).isEqualTo("6.45.0");
        assertThat(tag(span, "peer.service")).isEqualTo("backend");
        assertThat(tag(span, "net.host.ip")).isEqualTo("7::80:807f");
        assertThat(span.path("logs").size()).isEqualTo(2);

        // the same span again, failing by Brave's error tag instead
        assertAccepted(post("application/json", Vectors.bytes("zipkin/sample4.json")));
        JsonNode both = trace("4d1e00c0db9010db86154a4ba6e91385");
        assertThat(both.path("spans").size()).isEqualTo(2);
        assertThat(both.path("spans").valueStream().map(s -> tags(s, "error"))).allSatisfy(error ->
                assertThat(error).contains("true"));
        assertThat(both.path("spans").valueStream().filter(s -> tag(s, "otel.status_description") == null))
                .as("the span that failed by its error tag alone").hasSize(1);
    }

    @Test
    void aTraceWhoseSpansCameAsOtlpZipkinAndJaegerThriftIsOneWaterfall() throws Exception {
        long nowMicros = System.currentTimeMillis() * 1_000;
        String traceId = "7c3f0e2a9b1d4e5f8a6b2c4d6e8f0a1b";
        // the gateway, traced by the OpenTelemetry agent: OTLP
        String otlp = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"gateway"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"1111111111111111","name":"POST /orders","kind":2,
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}""".formatted(traceId, nowMicros * 1_000,
                (nowMicros + 300_000) * 1_000);
        HttpResponse<byte[]> gateway = opsplane.api().ingest().post("/v1/traces", "application/json",
                otlp.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(gateway.statusCode()).as(text(gateway)).isEqualTo(200);
        // the monolith, traced by Brave: Zipkin, a child of the gateway's span
        Span monolith = Span.newBuilder().traceId(traceId).parentId("1111111111111111").id("2222222222222222")
                .kind(Span.Kind.SERVER).name("POST /orders").timestamp(nowMicros + 10_000).duration(200_000)
                .localEndpoint(Endpoint.newBuilder().serviceName("legacy-shop").build()).build();
        assertAccepted(post("application/json", SpanBytesEncoder.JSON_V2.encodeList(List.of(monolith))));
        // a service still on a Jaeger client: Thrift, a child of the monolith's span
        io.jaegertracing.thriftjava.Span billing = new io.jaegertracing.thriftjava.Span(
                Long.parseUnsignedLong(traceId.substring(16), 16), Long.parseUnsignedLong(traceId.substring(0, 16), 16),
                0x3333333333333333L, 0x2222222222222222L, "bill order", 1, nowMicros + 50_000, 100_000);
        byte[] batch = new TSerializer(new TBinaryProtocol.Factory())
                .serialize(new Batch(new io.jaegertracing.thriftjava.Process("billing"), List.of(billing)));
        HttpResponse<byte[]> jaeger = opsplane.api().ingest().post("/api/traces", "application/x-thrift", batch, Map.of());
        assertThat(jaeger.statusCode()).as(text(jaeger)).isEqualTo(202);

        JsonNode trace = trace(traceId);
        Map<String, String> serviceOfSpan = new HashMap<>();
        Map<String, String> parentOfSpan = new HashMap<>();
        for (JsonNode span : trace.path("spans")) {
            String id = span.path("spanID").asString();
            serviceOfSpan.put(id, trace.path("processes").path(span.path("processID").asString()).path("serviceName")
                    .asString());
            parentOfSpan.put(id, span.path("references").path(0).path("spanID").asString(null));
        }
        assertThat(serviceOfSpan).containsExactlyInAnyOrderEntriesOf(Map.of("1111111111111111", "gateway",
                "2222222222222222", "legacy-shop", "3333333333333333", "billing"));
        assertThat(parentOfSpan).containsEntry("2222222222222222", "1111111111111111")
                .containsEntry("3333333333333333", "2222222222222222");
    }

    @Test
    void whatIsNotZipkinIsAClearClientError() {
        HttpResponse<byte[]> garbage = post("application/json", "{\"not\":\"a list\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(text(garbage)).contains("a Zipkin v2 JSON body is a list of spans");

        HttpResponse<byte[]> badId = post("application/json",
                "[{\"traceId\":\"not-hex\",\"id\":\"1\"}]".getBytes(StandardCharsets.UTF_8));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(text(badId)).contains("span 0 traceId 'not-hex' is not up to 16 hex digits");

        HttpResponse<byte[]> badProto = post("application/x-protobuf", new byte[] {0x0a, 0x7f, 0x01});
        assertThat(badProto.statusCode()).isEqualTo(400);
        assertThat(text(badProto)).startsWith("cannot decode the request body as Zipkin v2 proto3");

        HttpResponse<byte[]> thrift = post("application/x-thrift", new byte[] {1, 2, 3});
        assertThat(thrift.statusCode()).isEqualTo(415);
        assertThat(text(thrift)).contains("application/json or application/x-protobuf");

        HttpResponse<byte[]> anonymous = opsplane.api().anonymous().post("/api/v2/spans", "application/json",
                "[]".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<byte[]> post(String contentType, byte[] body) {
        return opsplane.api().ingest().post("/api/v2/spans", contentType, body, Map.of());
    }

    private static void assertAccepted(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        assertThat(response.body()).isEmpty();
    }

    private static JsonNode trace(String traceId) {
        TestElasticsearch.refresh();
        return opsplane.api().getJson("/jaeger/api/traces/" + traceId).path("data").get(0);
    }

    private static JsonNode span(JsonNode trace, String spanId) {
        return trace.path("spans").valueStream().filter(s -> s.path("spanID").asString().equals(spanId)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + spanId + " in " + trace));
    }

    private static String tag(JsonNode span, String key) {
        List<String> values = tags(span, key);
        return values.isEmpty() ? null : values.getFirst();
    }

    private static List<String> tags(JsonNode span, String key) {
        return span.path("tags").valueStream().filter(t -> t.path("key").asString().equals(key))
                .map(t -> t.path("value").asString()).toList();
    }

    private static String processTag(JsonNode trace, JsonNode span, String key) {
        Map<String, String> tags = new HashMap<>();
        trace.path("processes").path(span.path("processID").asString()).path("tags")
                .forEach(t -> tags.put(t.path("key").asString(), t.path("value").asString()));
        return tags.get(key);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
