package io.opsplane.console.telemetry.trace.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jaeger's API v3 over HTTP, as Jaeger's own query service answers it (upstream's gateway snapshots) and as
 * Grafana's Jaeger data source calls it; the v1 API's millisecond trace times, service names of any characters,
 * and CORS for a Jaeger UI served elsewhere. Spans go in through the OTLP receiver, as an application sends them.
 */
class JaegerApiV3Test {

    private static final String PREFIX = TestElasticsearch.uniquePrefix();
    private static final String JAEGER_UI = "https://jaeger.example.com";
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    /** Grafana's data source, with the TRACE_READER key an operator gives it. */
    private static ApiClient grafana;
    private static final String SERVICE = "v3-" + PREFIX;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void start() {
        OrderSaga saga = OrderSaga.create();
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofMinutes(5)))
                .elasticsearch(PREFIX)
                .property("opsplane.jaeger.cors.allowed-origins", JAEGER_UI)
                .start();
        api = opsplane.api();
        grafana = api.withKey(TestUsers.TRACE_READER_KEY.secret());
        // upstream's makeTestTrace(): trace 1, span 2, "foobar", a server span with an error status
        send(SERVICE, "00000000000000000000000000000001", "0000000000000002", "foobar", 2, 2, NOW.minusSeconds(30), 5);
        send(SERVICE, "%032x".formatted(0xf00d01L), "00000000000000a1", "GET /orders", 2, 0, NOW.minusSeconds(20), 40);
        send(SERVICE, "%032x".formatted(0xf00d02L), "00000000000000a2", "GET /orders", 2, 0, NOW.minusSeconds(10), 2);
        send("pay%ments /v2+eu", "%032x".formatted(0xf00d03L), "00000000000000a3", "charge card", 3, 0,
                NOW.minusSeconds(10), 1);
        TestElasticsearch.refresh();
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    @Test
    void traceByIdAnswersAsJaegersGatewayDoes() {
        JsonNode expected = json(Vectors.bytes("jaeger/api-v3/GetTrace.json"));
        // upstream's own request: GET /api/v3/traces/1
        JsonNode actual = api.getJson("/jaeger/api/v3/traces/1");

        assertThat(names(actual)).containsExactly("result");
        JsonNode resourceSpans = actual.path("result").path("resourceSpans");
        assertThat(resourceSpans).hasSize(1);
        // Jaeger's storage keeps the service name, so the resource holds it (upstream's test trace has none)
        assertThat(resourceSpans.get(0).path("resource").path("attributes")).hasSize(1);
        assertThat(resourceSpans.get(0).path("resource").path("attributes").get(0).path("key").asString())
                .isEqualTo("service.name");
        JsonNode span = resourceSpans.get(0).path("scopeSpans").get(0).path("spans").get(0);
        JsonNode expectedSpan = expected.path("result").path("resourceSpans").get(0).path("scopeSpans").get(0)
                .path("spans").get(0);
        ObjectNode withoutTimes = (ObjectNode) span.deepCopy();
        assertThat(withoutTimes.remove("startTimeUnixNano").asString())
                .isEqualTo(Long.toString(NOW.minusSeconds(30).toEpochMilli() * 1_000_000));
        assertThat(withoutTimes.remove("endTimeUnixNano").isString()).isTrue();
        assertThat(withoutTimes).isEqualTo(expectedSpan);
        assertThat(resourceSpans.get(0).path("scopeSpans").get(0).path("scope")).isEqualTo(
                expected.path("result").path("resourceSpans").get(0).path("scopeSpans").get(0).path("scope"));

        // a 64-bit id and the 32-digit form name the same trace; a time window narrows where it is looked for
        String window = "?start_time=" + NOW.minusSeconds(3600) + "&end_time=" + NOW + "&raw_traces=true";
        assertThat(api.getJson("/jaeger/api/v3/traces/00000000000000000000000000000001" + window)).isEqualTo(actual);
    }

    @Test
    void whatWasSentAsOtlpReadsBackAsItWas() {
        for (String file : List.of("scope_attributes_trace.json", "link_attributes_trace.json", "example_trace.json",
                "span_tags_trace.json", "log_tags_trace.json")) {
            byte[] sent = Vectors.bytes("jaeger/storage-suite/traces/" + file);
            assertThat(api.ingest().post("/v1/traces", "application/json", sent, Map.of()).statusCode()).isEqualTo(200);
            TestElasticsearch.refresh();
            JsonNode expected = json(sent);
            String traceId = expected.path("resourceSpans").get(0).path("scopeSpans").get(0).path("spans").get(0)
                    .path("traceId").asString();
            JsonNode read = api.getJson("/jaeger/api/v3/traces/" + traceId).path("result");
            // upstream's trace 1 is this test's too: only the file's own services are compared
            List<JsonNode> mine = new ArrayList<>();
            normalized(read).forEach(span -> {
                if (normalized(expected).findValuesAsString("stringValue").contains(
                        span.path("resource").path("attributes").get(0).path("value").path("stringValue").asString())) {
                    mine.add(span);
                }
            });
            assertThat(mine).as(file).containsExactlyElementsOf(normalized(expected));
        }
    }

    /** Jaeger v2's own pair: the span document its Elasticsearch writer stores, and the OTLP it reads back. */
    @Test
    void aSpanJaegerStoredReadsBackAsJaegerReadsIt() {
        String document = new String(Vectors.bytes("jaeger/es-documents/otel_es_01.json"), StandardCharsets.UTF_8);
        TestElasticsearch.send("POST", "/" + PREFIX + "-jaeger-span-2017-01-26/_doc?refresh=true", document);
        JsonNode expected = json(Vectors.bytes("jaeger/es-documents/otel_traces_01.json"));
        JsonNode read = api.getJson("/jaeger/api/v3/traces/00000000000000010000000000000000").path("result");
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void servicesAndOperationsAnswerInUpstreamsShape() {
        JsonNode services = api.getJson("/jaeger/api/v3/services");
        assertThat(names(services)).isEqualTo(names(json(Vectors.bytes("jaeger/api-v3/GetServices.json"))));
        assertThat(services.path("services")).extracting(JsonNode::asString).contains(SERVICE, "pay%ments /v2+eu");

        JsonNode expected = json(Vectors.bytes("jaeger/api-v3/GetOperations.json"));
        // upstream's request: ?service=foo&span_kind=server
        JsonNode servers = api.getJson("/jaeger/api/v3/operations?service=" + SERVICE + "&span_kind=server");
        assertThat(names(servers)).isEqualTo(names(expected));
        assertThat(servers.path("operations")).hasSize(2);
        for (JsonNode op : servers.path("operations")) {
            assertThat(names(op)).isEqualTo(names(expected.path("operations").get(0)));
            assertThat(op.path("spanKind").asString()).isEqualTo("server");
        }
        assertThat(servers.path("operations")).extracting(op -> op.path("name").asString())
                .containsExactlyInAnyOrder("foobar", "GET /orders");
        assertThat(api.getJson("/jaeger/api/v3/operations?service=" + SERVICE + "&spanKind=client").path("operations"))
                .isEmpty();
        assertThat(api.getJson("/jaeger/api/v3/operations?service=" + SERVICE).path("operations")).hasSize(2);
    }

    @Test
    void searchFindsTracesByServiceOperationAttributesAndDuration() {
        String range = "&query.start_time_min=" + NOW.minusSeconds(600) + "&query.start_time_max=" + NOW.plusSeconds(60);
        JsonNode all = api.getJson("/jaeger/api/v3/traces?query.service_name=" + SERVICE + range);
        assertThat(traceIds(all)).containsExactlyInAnyOrder("00000000000000000000000000000001",
                "%032x".formatted(0xf00d01L), "%032x".formatted(0xf00d02L));

        JsonNode slow = api.getJson("/jaeger/api/v3/traces?query.service_name=" + SERVICE
                + "&query.operation_name=" + encode("GET /orders") + "&query.duration_min=10ms&query.num_traces=5" + range);
        assertThat(traceIds(slow)).containsExactly("%032x".formatted(0xf00d01L));
        JsonNode fast = api.getJson("/jaeger/api/v3/traces?query.serviceName=" + SERVICE
                + "&query.durationMax=3ms&query.searchDepth=5&query.attributes=" + encode("{\"order.id\":\"o-2\"}")
                + range.replace("start_time_min", "startTimeMin").replace("start_time_max", "startTimeMax"));
        assertThat(traceIds(fast)).containsExactly("%032x".formatted(0xf00d02L));

        HttpResponse<String> none = api.get("/jaeger/api/v3/traces?query.service_name=nobody-" + PREFIX + range);
        assertError(none, 404, "No traces found");
    }

    @Test
    void badParametersAnswerAsUpstreamDoes() {
        String time = NOW.toString();
        assertError(api.get("/jaeger/api/v3/traces"), 400,
                "query.start_time_min and query.start_time_max are required");
        assertError(api.get("/jaeger/api/v3/traces?query.start_time_min=" + time), 400,
                "query.start_time_min and query.start_time_max are required");
        assertError(api.get("/jaeger/api/v3/traces?query.start_time_min=NaN&query.start_time_max=" + time), 400,
                "malformed parameter query.start_time_min");
        assertError(api.get("/jaeger/api/v3/traces?query.start_time_min=" + time + "&query.start_time_max=" + time
                + "&query.num_traces=NaN"), 400, "malformed parameter query.num_traces");
        assertError(api.get("/jaeger/api/v3/traces?query.start_time_min=" + time + "&query.start_time_max=" + time
                + "&query.duration_min=NaN"), 400, "malformed parameter query.duration_min");
        assertError(api.get("/jaeger/api/v3/traces?query.start_time_min=" + time + "&query.start_time_max=" + time
                + "&query.duration_max=1s&query.raw_traces=foobar"), 400, "malformed parameter query.raw_traces");
        assertError(api.get("/jaeger/api/v3/traces?query.start_time_min=" + time + "&query.start_time_max=" + time
                + "&query.attributes=" + encode("[1]")), 400, "malformed parameter query.attributes");
        assertError(api.get("/jaeger/api/v3/traces/xyz"), 400, "malformed parameter trace_id");
        assertError(api.get("/jaeger/api/v3/traces/1?start_time=abc"), 400, "malformed parameter start_time");
        assertError(api.get("/jaeger/api/v3/traces/1?end_time=xyz"), 400, "malformed parameter end_time");
        assertError(api.get("/jaeger/api/v3/traces/1?raw_traces=foobar"), 400, "malformed parameter raw_traces");
        assertError(api.get("/jaeger/api/v3/traces/" + "e".repeat(32)), 404, "No traces found");

        HttpResponse<String> unknown = api.get("/jaeger/api/v3/nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).contains("json");
    }

    /** What Grafana's Jaeger data source sends in its API v3 mode (pkg/tsdb/jaeger/grpc_client.go), with its key. */
    @Test
    void grafanasV3CallsGetWhatItReads() {
        String base = "/jaeger";
        JsonNode services = grafana.getJson(base + "/api/v3/services");
        assertThat(services.path("services")).extracting(JsonNode::asString).contains(SERVICE);

        // url.Values.Encode(): a query escape, spaces as '+'
        JsonNode operations = grafana.getJson(base + "/api/v3/operations?service=" + encode("pay%ments /v2+eu"));
        assertThat(operations.path("operations")).extracting(op -> op.path("name").asString())
                .containsExactly("charge card");

        // trace ID time parameters on: RFC 3339 with nanoseconds, appended unencoded (a zone's '+' arrives as a space)
        String traceId = "%032x".formatted(0xf00d01L);
        DateTimeFormatter rfc3339Nano = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
        String start = OffsetDateTime.ofInstant(NOW.minusSeconds(3600), ZoneOffset.ofHours(2)).format(rfc3339Nano);
        String end = OffsetDateTime.ofInstant(NOW.plusSeconds(60), ZoneOffset.UTC).format(rfc3339Nano);
        JsonNode trace = grafana.getJson(base + "/api/v3/traces/" + traceId + "?start_time=" + start + "&end_time=" + end);
        JsonNode resource = trace.path("result").path("resourceSpans").get(0);
        assertThat(resource.path("resource").path("attributes").get(0).path("value").path("stringValue").asString())
                .isEqualTo(SERVICE);
        JsonNode span = resource.path("scopeSpans").get(0).path("spans").get(0);
        // the fields and types Grafana's GrpcSpan decodes
        assertThat(span.path("traceId").asString()).isEqualTo(traceId);
        assertThat(span.path("spanId").asString()).isEqualTo("00000000000000a1");
        assertThat(span.path("name").asString()).isEqualTo("GET /orders");
        assertThat(span.path("kind").isIntegralNumber()).isTrue();
        assertThat(span.path("startTimeUnixNano").isString()).isTrue();
        assertThat(span.path("endTimeUnixNano").isString()).isTrue();
        assertThat(span.path("attributes").get(0).path("key").asString()).isEqualTo("order.id");

        // GrpcSearch: encoded parameters, then the two times appended unencoded
        String search = base + "/api/v3/traces?query.attributes=" + encode("{\"order.id\":\"o-1\"}")
                + "&query.duration_min=10ms&query.service_name=" + encode(SERVICE)
                + "&query.start_time_min=" + start + "&query.start_time_max=" + end;
        assertThat(traceIds(grafana.getJson(search))).containsExactly(traceId);
    }

    @Test
    void traceByIdTakesMillisecondsAsGrafanaSendsThem() {
        String traceId = "%032x".formatted(0xf00d01L);
        long from = NOW.minusSeconds(3600).toEpochMilli();
        long to = NOW.plusSeconds(60).toEpochMilli();
        JsonNode millis = grafana.getJson("/jaeger/api/traces/" + traceId + "?start=" + from + "&end=" + to);
        assertThat(millis.path("data").get(0).path("traceID").asString()).isEqualTo("0000000000f00d01");
        JsonNode micros = grafana.getJson("/jaeger/api/traces/" + traceId + "?start=" + from * 1000 + "&end=" + to * 1000);
        assertThat(micros).isEqualTo(millis);
    }

    @Test
    void serviceNamesOfAnyCharactersFindTheirOperations() {
        String name = "pay%ments /v2+eu";
        // as Jaeger UI builds the path: encodeURIComponent
        String segment = encode(name).replace("+", "%20");
        JsonNode operations = api.getJson("/jaeger/api/services/" + segment + "/operations");
        assertThat(operations.path("data")).extracting(JsonNode::asString).containsExactly("charge card");
        assertThat(api.getJson("/jaeger/api/operations?service=" + encode(name)).path("data").get(0).path("name")
                .asString()).isEqualTo("charge card");
        // an encoded slash is let through there only
        HttpResponse<String> elsewhere = api.get("/api/sagas%2F1");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aJaegerUiOnAnotherSiteMayReadTheApi() {
        HttpResponse<String> preflight = api.send(api.anonymous().request("/jaeger/api/v3/services")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", JAEGER_UI)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(JAEGER_UI);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");

        HttpResponse<String> read = grafana.send(grafana.request("/jaeger/api/services").header("Origin", JAEGER_UI)
                .GET().build());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue(JAEGER_UI);

        HttpResponse<String> elsewhere = api.send(api.anonymous().request("/jaeger/api/v3/services")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "GET").build());
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        // the console's own API is not opened to that site
        HttpResponse<String> console = api.send(api.request("/api/sagas").header("Origin", JAEGER_UI).GET().build());
        assertThat(console.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static void send(String service, String traceId, String spanId, String name, int kind, int statusCode,
                             Instant start, long millis) {
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":%s}}]},
                 "scopeSpans":[{"scope":{},"spans":[{"traceId":"%s","spanId":"%s","name":%s,"kind":%d,
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d",%s"status":{%s}}]}]}]}"""
                .formatted(quote(service), traceId, spanId, quote(name), kind,
                        start.toEpochMilli() * 1_000_000, start.plusMillis(millis).toEpochMilli() * 1_000_000,
                        name.equals("foobar") ? "" : "\"attributes\":[{\"key\":\"order.id\",\"value\":{\"stringValue\":\"o-"
                                + spanId.substring(15) + "\"}}],",
                        statusCode == 0 ? "" : "\"code\":" + statusCode);
        HttpResponse<byte[]> response = api.ingest().post("/v1/traces", "application/json",
                json.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }

    private static String quote(String s) {
        return ApiClient.JSON.writeValueAsString(s);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(names(body)).containsExactly("error");
        assertThat(body.path("error").path("httpCode").asInt()).isEqualTo(status);
        assertThat(body.path("error").path("message").asString()).contains(message);
    }

    private static List<String> traceIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        for (JsonNode resource : answer.path("result").path("resourceSpans")) {
            for (JsonNode scope : resource.path("scopeSpans")) {
                for (JsonNode span : scope.path("spans")) {
                    if (!ids.contains(span.path("traceId").asString())) {
                        ids.add(span.path("traceId").asString());
                    }
                }
            }
        }
        return ids;
    }

    /** OTLP/JSON to compare: spans in id order with their resource and scope, attributes by key, an empty status as none. */
    private static JsonNode normalized(JsonNode traces) {
        List<JsonNode> spans = new ArrayList<>();
        for (JsonNode resource : traces.path("resourceSpans")) {
            for (JsonNode scope : resource.path("scopeSpans")) {
                for (JsonNode span : scope.path("spans")) {
                    ObjectNode s = (ObjectNode) span.deepCopy();
                    if (s.path("status").isObject() && s.path("status").isEmpty()) {
                        s.remove("status");
                    }
                    // with tags as fields the store keeps binary attributes apart, so their order is not as sent; OTLP gives it no meaning
                    if (s.has("attributes")) {
                        List<JsonNode> attributes = new ArrayList<>();
                        s.path("attributes").forEach(attributes::add);
                        attributes.sort((a, b) -> a.path("key").asString().compareTo(b.path("key").asString()));
                        ArrayNode sorted = s.putArray("attributes");
                        attributes.forEach(sorted::add);
                    }
                    ObjectNode entry = ApiClient.JSON.createObjectNode();
                    entry.set("resource", resource.path("resource"));
                    entry.set("scope", scope.path("scope"));
                    entry.set("span", s);
                    spans.add(entry);
                }
            }
        }
        spans.sort((a, b) -> a.path("span").path("spanId").asString().compareTo(b.path("span").path("spanId").asString()));
        ArrayNode out = ApiClient.JSON.createArrayNode();
        spans.forEach(out::add);
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private static JsonNode json(byte[] bytes) {
        return ApiClient.JSON.readTree(bytes);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
