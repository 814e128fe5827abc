package io.opsplane.console.telemetry.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.trace.TraceSearch;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One error mapping for every Elasticsearch call: a search Elasticsearch refuses is a 400 with its reason,
 * through the log API, the Jaeger API and the console's trace search alike; an overloaded Elasticsearch is a
 * 429 with its Retry-After, a failing one a 503 with its Retry-After, an unreachable one a 503.
 */
class ElasticsearchErrorsTest {

    private static final String LOG_PATHS = "/api/logs?q=x";
    private static final String JAEGER_SEARCH = "/jaeger/api/traces?service=s&lookback=1h";

    @Test
    void aSearchElasticsearchRefusesIsABadRequestWithItsReason() {
        String prefix = TestElasticsearch.uniquePrefix();
        OrderSaga saga = OrderSaga.create();
        // logs as a Collector's otel mode maps them, with @timestamp in nanoseconds, and only those
        String logIndex = prefix + "-nanos-logs-1";
        TestElasticsearch.send("PUT", "/" + logIndex,
                "{\"mappings\":{\"properties\":{\"@timestamp\":{\"type\":\"date_nanos\"}}}}");
        TestElasticsearch.send("POST", "/" + logIndex + "/_doc?refresh=true",
                "{\"@timestamp\":\"" + Instant.now() + "\",\"body\":{\"text\":\"order accepted\"}}");
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5))).elasticsearch(prefix)
                .property("opsplane.telemetry.logs.index-pattern", prefix + "-nanos-logs-*").start()) {
            ApiClient api = opsplane.api();
            // span indices to search: Elasticsearch parses a query only on the shards it runs on
            String service = "refusal-" + prefix;
            assertThat(api.ingest().post("/v1/traces", "application/json", spans(service), Map.of()).statusCode())
                    .isEqualTo(200);
            TestElasticsearch.refresh();

            // a time the API takes but nanosecond timestamps cannot hold
            HttpResponse<String> logs = api.get("/api/logs?from=3000-01-01T00:00:00Z");
            assertThat(logs.statusCode()).as(logs.body()).isEqualTo(400);
            assertThat(logs.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = ApiClient.JSON.readTree(logs.body());
            assertThat(problem.path("detail").asString())
                    .startsWith("Elasticsearch refused the search: ")
                    .contains("cannot be stored in nanosecond resolution");

            // a tag value is a pattern, and "(" is not one
            HttpResponse<String> jaeger = api.get("/jaeger/api/traces?service=" + encode(service)
                    + "&lookback=1h&tag=" + encode("http.method:("));
            assertThat(jaeger.statusCode()).as(jaeger.body()).isEqualTo(400);
            JsonNode error = ApiClient.JSON.readTree(jaeger.body()).path("errors").path(0);
            assertThat(error.path("code").asInt()).isEqualTo(400);
            assertThat(error.path("msg").asString()).startsWith("Elasticsearch refused the search: ")
                    .contains("failed to create query: unexpected end-of-string");

            // the console's own trace search (what the traces view shows as "Cannot search traces: …")
            Instant now = Instant.now();
            assertThatThrownBy(() -> opsplane.bean(Traces.class).search(new TraceSearch(service, null,
                    Map.of("http.method", "("), now.minus(Duration.ofHours(1)), now.plusSeconds(60), null, null, 20)))
                    .isInstanceOf(TelemetryRefusedException.class)
                    .hasMessageStartingWith("Elasticsearch refused the search: ")
                    .hasMessageContaining("failed to create query: unexpected end-of-string");
        }
    }

    @Test
    void anOverloadedFailingOrUnreachableElasticsearchIsBusyOrUnavailableWithRetryAfter() throws IOException {
        // stands in for Elasticsearch: answers every request with the status and Retry-After set here
        AtomicReference<int[]> answer = new AtomicReference<>(new int[] {429, 7});
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            int[] now = answer.get();
            byte[] body = ("{\"error\":{\"root_cause\":[{\"type\":\"es_rejected_execution_exception\",\"reason\":"
                    + "\"rejected execution of search\"}],\"type\":\"es_rejected_execution_exception\","
                    + "\"reason\":\"rejected execution of search\"},\"status\":" + now[0] + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(now[1]));
            exchange.sendResponseHeaders(now[0], "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        fake.start();
        OrderSaga saga = OrderSaga.create();
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5)))
                .property("opsplane.elasticsearch.uris", "http://127.0.0.1:" + fake.getAddress().getPort()).start()) {
            ApiClient api = opsplane.api();
            String[] reads = {LOG_PATHS, "/api/logs/histogram", JAEGER_SEARCH, "/jaeger/api/services",
                    "/api/traces/red"};
            try {
                for (String path : reads) {
                    assertProblem(api.get(path), path, 429, "Telemetry busy", "7");
                }
                HttpResponse<byte[]> otlp = api.ingest().post("/v1/traces", "application/json",
                        spans("busy"), Map.of());
                assertThat(otlp.statusCode()).isEqualTo(429);
                assertThat(otlp.headers().firstValue("Retry-After")).hasValue("7");

                answer.set(new int[] {503, 11});
                for (String path : reads) {
                    assertProblem(api.get(path), path, 503, "Telemetry unavailable", "11");
                }
            } finally {
                fake.stop(0);
            }

            // nobody listens on the port any more
            for (String path : reads) {
                assertProblem(api.get(path), path, 503, "Telemetry unavailable", "5");
            }
            assertThat(api.get("/api/sagas").statusCode()).isEqualTo(200);
        }
    }

    private static void assertProblem(HttpResponse<String> response, String path, int status, String title,
                                      String retryAfter) {
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).as(path).hasValue(retryAfter);
        assertThat(ApiClient.JSON.readTree(response.body()).path("title").asString()).as(path).isEqualTo(title);
    }

    private static byte[] spans(String service) {
        long start = Instant.now().minusSeconds(5).toEpochMilli() * 1_000_000;
        return ("""
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"GET /orders","kind":2,
                  "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                  "attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]}]}]}]}"""
                .formatted(service, hex(16), hex(8), start, start + 1_000_000)).getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never the all-zero id
        return HexFormat.of().formatHex(random);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
