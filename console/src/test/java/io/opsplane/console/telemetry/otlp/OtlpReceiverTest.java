package io.opsplane.console.telemetry.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.Vectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OTLP/HTTP receiver as an OpenTelemetry exporter sees it: statuses, encodings, limits, back-pressure. */
class OtlpReceiverTest {

    private static final long MAX_REQUEST = 256 * 1024;
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        opsplane = OpsplaneInstance.withOrderSaga()
                .elasticsearch()
                .property("opsplane.otlp.max-request-bytes", MAX_REQUEST)
                .start();
        api = opsplane.api();
    }

    @Test
    void gzippedProtobufSpansAreStoredAndTheAnswerIsProtobuf() throws Exception {
        String traceId = randomHex(16);
        HttpResponse<byte[]> response = api.ingest().post("/v1/traces", "application/x-protobuf",
                gzip(trace(traceId, 3).toByteArray()), Map.of("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        assertThat(spansOf(traceId)).isEqualTo(3);
    }

    @Test
    void theSpecificationsJsonExamplesAreAcceptedAsTheyAre() {
        HttpResponse<byte[]> traces = api.ingest().post("/v1/traces", "application/json",
                Vectors.bytes("otlp/trace.json"), Map.of());
        assertThat(traces.statusCode()).as(new String(traces.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(traces.headers().firstValue("Content-Type")).hasValue("application/json");
        // the example's ids are upper-case hex: the trace is stored under its lower-case id, as Jaeger does
        assertThat(spansOf("5b8efff798038103d269b633813fc60c")).isEqualTo(1);

        HttpResponse<byte[]> logs = api.ingest().post("/v1/logs", "application/json", Vectors.bytes("otlp/logs.json"), Map.of());
        assertThat(logs.statusCode()).as(new String(logs.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        TestElasticsearch.refresh();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.getJson("/api/logs?traceId=5b8efff798038103d269b633813fc60c").path("items").get(0)
                        .path("body").asString()).isEqualTo("Example log record"));
    }

    @Test
    void badRequestsGetTheStatusTheSpecificationPrescribesAndWriteNothing() throws Exception {
        HttpResponse<byte[]> garbage = api.ingest().post("/v1/traces", "application/x-protobuf",
                new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02}, Map.of());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(rpcStatusMessage(garbage.body())).startsWith("cannot decode the request body as OTLP protobuf");

        HttpResponse<byte[]> form = api.ingest().post("/v1/traces", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(form.statusCode()).isEqualTo(415);

        HttpResponse<byte[]> brotli = api.ingest().post("/v1/traces", "application/x-protobuf", new byte[10],
                Map.of("Content-Encoding", "br"));
        assertThat(brotli.statusCode()).isEqualTo(415);

        String oversizedTrace = randomHex(16);
        byte[] oversized = trace(oversizedTrace, 4000).toByteArray();
        assertThat(oversized.length).isGreaterThan((int) MAX_REQUEST);
        assertThat(api.ingest().post("/v1/traces", "application/x-protobuf", oversized, Map.of()).statusCode()).isEqualTo(413);
        // small on the wire, too large once inflated
        byte[] bomb = gzip(oversized);
        assertThat(bomb.length).isLessThan((int) MAX_REQUEST);
        assertThat(api.ingest().post("/v1/traces", "application/x-protobuf", bomb, Map.of("Content-Encoding", "gzip"))
                .statusCode()).isEqualTo(413);

        String badId = new String(Vectors.bytes("otlp/trace.json"), StandardCharsets.UTF_8)
                .replace("5B8EFFF798038103D269B633813FC60C", "not-a-trace-id");
        HttpResponse<byte[]> malformedId = api.ingest().post("/v1/traces", "application/json",
                badId.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(malformedId.statusCode()).isEqualTo(400);
        JsonNode status = ApiClient.JSON.readTree(malformedId.body());
        assertThat(status.path("code").asInt()).isEqualTo(3);
        assertThat(status.path("message").asString()).contains("traceId 'not-a-trace-id' is not a hex string");

        TestElasticsearch.refresh();
        assertThat(api.get("/jaeger/api/traces/" + oversizedTrace).statusCode()).isEqualTo(404);
    }

    @Test
    void everyErrorUnderV1IsAGoogleRpcStatusInTheRequestsEncoding() throws Exception {
        byte[] spans = trace(randomHex(16), 1).toByteArray();
        byte[] json = Vectors.bytes("otlp/trace.json");

        // 401 from the security chain: no credentials, a wrong key, a wrong password
        assertStatus(api.anonymous().post("/v1/traces", "application/x-protobuf", spans, Map.of()), 401, 16, "Basic");
        assertStatus(api.anonymous().post("/v1/traces", "application/json", json, Map.of()), 401, 16, "Basic");
        assertStatus(api.withKey("not-a-key").post("/v1/logs", "application/x-protobuf", spans, Map.of()), 401, 16,
                "API key is wrong");
        assertStatus(api.withCredentials("viewer", "wrong").post("/v1/traces", "application/json", json, Map.of()),
                401, 16, "password is wrong");
        // 403: a VIEWER may read but not write telemetry
        assertStatus(api.as("viewer").post("/v1/traces", "application/x-protobuf", spans, Map.of()), 403, 7, "INGEST");
        assertStatus(api.as("viewer").post("/v1/logs", "application/json", json, Map.of()), 403, 7, "INGEST");
        // 501: metrics are not received, and an exporter must not think they were (nor retry: 501 is not retryable)
        assertStatus(api.ingest().post("/v1/metrics", "application/x-protobuf", new byte[0], Map.of()), 501, 12,
                "does not receive metrics");
        assertStatus(api.ingest().post("/v1/metrics", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of()), 501, 12, "does not receive metrics");
        // 404: nor is anything else under /v1
        assertStatus(api.ingest().post("/v1/profiles/x", "application/x-protobuf", new byte[0], Map.of()), 404, 5,
                "nothing is served");
        // 400 from Tomcat itself, before Spring sees the request (an encoded NUL in the path)
        assertStatus(api.ingest().post("/v1/traces%00", "application/x-protobuf", spans, Map.of()), 400, 3,
                "malformed");
        // 415: no usable encoding to answer in, so protobuf, the specification's default
        assertStatus(api.ingest().post("/v1/traces", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), Map.of()),
                415, 3, "unsupported content type 'text/plain'", "application/x-protobuf");
        assertStatus(api.ingest().post("/v1/traces", "application/json", json, Map.of("Content-Encoding", "br")),
                415, 3, "Content-Encoding 'br'");
        // 413 and 400, in both encodings
        byte[] oversized = trace(randomHex(16), 4000).toByteArray();
        assertStatus(api.ingest().post("/v1/traces", "application/x-protobuf", oversized, Map.of()), 413, 3,
                "max-request-bytes");
        byte[] oversizedJson = new byte[(int) MAX_REQUEST + 1];
        java.util.Arrays.fill(oversizedJson, (byte) ' ');
        assertStatus(api.ingest().post("/v1/logs", "application/json", oversizedJson, Map.of()), 413, 3,
                "max-request-bytes");
        assertStatus(api.ingest().post("/v1/logs", "application/x-protobuf", new byte[] {0x0a, (byte) 0xff}, Map.of()),
                400, 3, "cannot decode");
        assertStatus(api.ingest().post("/v1/logs", "application/json", "[1]".getBytes(StandardCharsets.UTF_8), Map.of()),
                400, 3, "cannot decode");
    }

    @Test
    void invalidUtf8IsReplacedAndTheSpansAndRecordsKept() throws Exception {
        // placeholders of the same length as the invalid bytes put in their place, so every length prefix holds
        String traceId = randomHex(16);
        ExportTraceServiceRequest request = trace(traceId, 2).toBuilder()
                .setResourceSpans(0, trace(traceId, 2).getResourceSpans(0).toBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("svc-~~")))))
                .build();
        ExportTraceServiceRequest.Builder named = request.toBuilder();
        Span.Builder first = named.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0);
        first.setName("op-^^").addAttributes(KeyValue.newBuilder().setKey("note")
                .setValue(AnyValue.newBuilder().setStringValue("value-##")));
        byte[] body = named.build().toByteArray();
        replace(body, "~~", new byte[] {(byte) 0xc3, 0x28});      // a lead byte without its continuation
        replace(body, "^^", new byte[] {(byte) 0xff, (byte) 0xfe}); // bytes never in UTF-8
        replace(body, "##", new byte[] {(byte) 0xed, (byte) 0xa0}); // the start of an encoded surrogate

        HttpResponse<byte[]> response = api.ingest().post("/v1/traces", "application/x-protobuf", body, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isZero();
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("3 string(s) were not valid UTF-8")
                .contains("U+FFFD");
        TestElasticsearch.refresh();
        JsonNode trace = api.getJson("/jaeger/api/traces/" + traceId).path("data").get(0);
        assertThat(trace.path("spans")).hasSize(2);
        assertThat(trace.path("processes").valueStream().map(p -> p.path("serviceName").asString()))
                .allSatisfy(name -> assertThat(name).startsWith("svc-").contains("\uFFFD"));
        JsonNode repaired = trace.path("spans").valueStream()
                .filter(span -> span.path("operationName").asString().startsWith("op-")).findFirst().orElseThrow();
        assertThat(repaired.path("operationName").asString()).isEqualTo("op-\uFFFD\uFFFD");
        assertThat(repaired.path("tags").valueStream().filter(t -> t.path("key").asString().equals("note")))
                .singleElement().satisfies(t -> assertThat(t.path("value").asString()).startsWith("value-")
                        .contains("\uFFFD"));

        // a log record's body likewise
        ExportLogsServiceRequest logs = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("order-service"))))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(Instant.now().toEpochMilli() * 1_000_000L)
                        .setTraceId(ByteString.fromHex(traceId))
                        .setBody(AnyValue.newBuilder().setStringValue("payment ~~ declined"))))).build();
        byte[] logBody = logs.toByteArray();
        replace(logBody, "~~", new byte[] {(byte) 0xc3, 0x28});
        HttpResponse<byte[]> logResponse = api.ingest().post("/v1/logs", "application/x-protobuf", logBody, Map.of());
        assertThat(logResponse.statusCode()).isEqualTo(200);
        ExportLogsServiceResponse logAnswer = ExportLogsServiceResponse.parseFrom(logResponse.body());
        assertThat(logAnswer.getPartialSuccess().getRejectedLogRecords()).isZero();
        assertThat(logAnswer.getPartialSuccess().getErrorMessage()).contains("U+FFFD");
        TestElasticsearch.refresh();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.getJson("/api/logs?traceId=" + traceId).path("items").get(0).path("body").asString())
                .isEqualTo("payment \uFFFD( declined"));

        // what is not protobuf at all is still refused
        assertThat(api.ingest().post("/v1/traces", "application/x-protobuf",
                new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02}, Map.of()).statusCode()).isEqualTo(400);
    }

    /** Puts {@code bytes} where the ASCII {@code placeholder} is, once. */
    private static void replace(byte[] body, String placeholder, byte[] bytes) {
        byte[] find = placeholder.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + find.length <= body.length; i++) {
            if (java.util.Arrays.equals(body, i, i + find.length, find, 0, find.length)) {
                System.arraycopy(bytes, 0, body, i, bytes.length);
                return;
            }
        }
        throw new AssertionError("no " + placeholder + " in the body");
    }

    /** The answer is a google.rpc.Status in the request's encoding, with the HTTP status, code and message expected. */
    private static void assertStatus(HttpResponse<byte[]> response, int httpStatus, int code, String messagePart) {
        String requestType = response.request().headers().firstValue("Content-Type").orElseThrow();
        assertStatus(response, httpStatus, code, messagePart,
                requestType.equals("application/json") ? "application/json" : "application/x-protobuf");
    }

    private static void assertStatus(HttpResponse<byte[]> response, int httpStatus, int code, String messagePart,
                                     String expectedType) {
        String what = response.request().method() + " " + response.request().uri().getPath() + " → "
                + response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("(no type)") + " "
                + new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(what).isEqualTo(httpStatus);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue(expectedType);
        RpcStatus status = expectedType.equals("application/json") ? RpcStatus.fromJson(response.body())
                : RpcStatus.fromProtobuf(response.body());
        assertThat(status.code()).as(what).isEqualTo(code);
        assertThat(status.message()).as(what).contains(messagePart);
    }

    @Test
    void whenElasticsearchIsBehindExportersAreToldToRetryAndNothingIsLost() throws Exception {
        try (OpsplaneInstance tight = OpsplaneInstance.withOrderSaga()
                .elasticsearch()
                // one request in flight at a time: every concurrent one is refused, not queued
                .property("opsplane.elasticsearch.max-in-flight-bytes", 1024)
                .start()) {
            ApiClient tightApi = tight.api();
            List<String> stored = new ArrayList<>();
            AtomicInteger refused = new AtomicInteger();
            for (int round = 0; round < 20 && refused.get() == 0; round++) {
                List<String> ids = IntStream.range(0, 8).mapToObj(i -> randomHex(16)).toList();
                List<HttpResponse<byte[]>> responses = ids.parallelStream().map(id -> tightApi.ingest().post("/v1/traces",
                        "application/x-protobuf", trace(id, 50).toByteArray(), Map.of())).toList();
                for (int i = 0; i < ids.size(); i++) {
                    HttpResponse<byte[]> response = responses.get(i);
                    assertThat(response.statusCode()).isIn(200, 429);
                    if (response.statusCode() == 429) {
                        refused.incrementAndGet();
                        assertThat(response.headers().firstValue("Retry-After")).isPresent();
                    } else {
                        stored.add(ids.get(i));
                    }
                }
            }
            assertThat(refused.get()).as("requests refused while another was in flight").isPositive();
            TestElasticsearch.refresh();
            for (String id : stored) {
                assertThat(tightApi.getJson("/jaeger/api/traces/" + id).path("data").get(0).path("spans").size())
                        .isEqualTo(50);
            }
        }
    }

    @Test
    void withElasticsearchDownExportersGet503AndSagasStillAnswer() throws Exception {
        try (OpsplaneInstance down = OpsplaneInstance.withOrderSaga()
                .elasticsearchAway()
                .start()) {
            HttpResponse<byte[]> response = down.api().ingest().post("/v1/traces", "application/x-protobuf",
                    trace(randomHex(16), 1).toByteArray(), Map.of());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(rpcStatusMessage(response.body())).startsWith("Elasticsearch unreachable");
            assertThat(down.api().get("/api/sagas").statusCode()).isEqualTo(200);
        }
    }

    private static int spansOf(String traceId) {
        TestElasticsearch.refresh();
        JsonNode trace = api.getJson("/jaeger/api/traces/" + traceId);
        return trace.path("data").get(0).path("spans").size();
    }

    static ExportTraceServiceRequest trace(String traceId, int spans) {
        long start = Instant.now().toEpochMilli() * 1_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        byte[] rootId = HexFormat.of().parseHex(randomHex(8));
        for (int i = 0; i < spans; i++) {
            Span.Builder span = Span.newBuilder()
                    .setTraceId(ByteString.fromHex(traceId))
                    .setSpanId(i == 0 ? ByteString.copyFrom(rootId) : ByteString.fromHex(randomHex(8)))
                    .setName("operation-" + (i % 5))
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(start + i * 1000L)
                    .setEndTimeUnixNano(start + i * 1000L + 500_000L)
                    .addAttributes(KeyValue.newBuilder().setKey("http.route")
                            .setValue(AnyValue.newBuilder().setStringValue("/orders/" + i)));
            if (i > 0) {
                span.setParentSpanId(ByteString.copyFrom(rootId));
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("order-service"))))
                .addScopeSpans(scope)).build();
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // never all zeros, which OTLP forbids
        return HexFormat.of().formatHex(id);
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The message of a protobuf {@code google.rpc.Status} (field 2). */
    private static String rpcStatusMessage(byte[] status) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(status);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag >>> 3 == 2) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return null;
    }
}
