package io.opsplane.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.CapturedLogs;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every GET parameter of the REST API (as its OpenAPI document lists them) and of the Jaeger API, tried with
 * what an attacker or a broken script sends: each answer is a 4xx the caller can read (or a 2xx where the
 * value is fair free text), never a 5xx, an empty 403 or the console's HTML, and nothing is logged at ERROR.
 */
class HostileParametersTest {

    private static final String HUGE = "a".repeat(100_000);
    private static final String LONG = "b".repeat(5_000);
    private static final List<String> HOSTILE = List.of("\0", "x\u0001y", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "-200000-01-01T00:00:00Z", "P999999999D", "-P1D", "99999999999999999999",
            "9223372036854775807", "-1", "-99999", LONG, "(a+)+$", ".*.*.*.*=", "AAAA", "!!not-base64!!",
            Base64.getUrlEncoder().withoutPadding().encodeToString("-99999999999999.0.1".getBytes(StandardCharsets.UTF_8)),
            Base64.getUrlEncoder().withoutPadding().encodeToString("{\"pit\":\"x\",\"after\":[1e999]}".getBytes(StandardCharsets.UTF_8)),
            "99999999999h", "1000000d");

    /** The Jaeger API is hidden from the OpenAPI document (it is Jaeger's, not ours): its GETs and parameters. */
    private static final Map<String, List<String>> JAEGER = new LinkedHashMap<>();

    static {
        JAEGER.put("/jaeger/api/services", List.of());
        JAEGER.put("/jaeger/api/services/{service}/operations", List.of("service"));
        JAEGER.put("/jaeger/api/operations?service=s", List.of("service", "spanKind"));
        JAEGER.put("/jaeger/api/traces?service=s", List.of("service", "operation", "tags", "tag", "minDuration",
                "maxDuration", "start", "end", "lookback", "limit", "traceID"));
        JAEGER.put("/jaeger/api/traces/{traceId}", List.of("traceId", "start", "end"));
        JAEGER.put("/jaeger/api/dependencies", List.of("endTs", "lookback"));
        JAEGER.put("/jaeger/api/v3/services", List.of());
        JAEGER.put("/jaeger/api/v3/operations?service=s", List.of("service", "span_kind", "spanKind"));
        JAEGER.put("/jaeger/api/v3/traces?query.service_name=s", List.of("query.service_name", "query.operation_name",
                "query.attributes", "query.start_time_min", "query.start_time_max", "query.duration_min",
                "query.duration_max", "query.search_depth", "query.num_traces", "query.raw_traces"));
        JAEGER.put("/jaeger/api/v3/traces/{traceId}", List.of("traceId", "start_time", "end_time", "raw_traces"));
    }

    private static final OrderSaga SAGA = OrderSaga.create();
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    @AutoClose
    private static CapturedLogs logs;

    @BeforeAll
    static void start() {
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), SAGA.writeDefinition(Duration.ofMinutes(5)))
                .elasticsearch("hostile-" + Long.toHexString(System.nanoTime())).start();
        api = opsplane.api();
        logs = CapturedLogs.start();
    }

    @BeforeEach
    void forgetStartUp() {
        logs.clear();
    }

    @Test
    void everyGetParameterOfTheApiRefusesHostileValuesWithAProblem() {
        JsonNode paths = api.getJson("/v3/api-docs").path("paths");
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (var path : paths.properties()) {
            JsonNode get = path.getValue().path("get");
            if (get.isMissingNode()) {
                continue;
            }
            Map<String, String> valid = new LinkedHashMap<>();
            Map<String, Boolean> freeText = new LinkedHashMap<>();
            for (JsonNode parameter : get.path("parameters")) {
                String name = parameter.path("name").asString();
                JsonNode schema = parameter.path("schema");
                JsonNode scalar = schema.path("type").asString().equals("array") ? schema.path("items") : schema;
                freeText.put(name, scalar.path("type").asString().equals("string") && !scalar.has("format")
                        && !scalar.has("enum"));
                if (parameter.path("required").asBoolean() || parameter.path("in").asString().equals("path")) {
                    valid.put(name, validValue(schema));
                }
            }
            for (String parameter : freeText.keySet()) {
                for (String hostile : HOSTILE) {
                    tried++;
                    check(path.getKey(), valid, parameter, hostile, freeText.get(parameter), false, failures);
                }
                tried++;
                checkHuge(path.getKey(), valid, parameter, failures);
            }
        }
        for (var jaeger : JAEGER.entrySet()) {
            for (String parameter : jaeger.getValue()) {
                // names and Jaeger's tag=key:value are free text; a trace id may be any 1–32 hex digits
                boolean text = List.of("service", "operation", "spanKind", "tag", "traceID", "span_kind",
                        "query.service_name", "query.operation_name").contains(parameter);
                Map<String, String> valid = new LinkedHashMap<>();
                if (jaeger.getKey().contains("{service}")) {
                    valid.put("service", "s");
                }
                if (jaeger.getKey().contains("{traceId}")) {
                    valid.put("traceId", "0af7651916cd43dd8448eb211c80319c");
                }
                if (jaeger.getKey().startsWith("/jaeger/api/v3/traces?")) {
                    // API v3 searches need both bounds: the one not under test is valid
                    valid.put("query.start_time_min", Instant.now().minus(Duration.ofHours(1)).toString());
                    valid.put("query.start_time_max", Instant.now().toString());
                }
                for (String hostile : HOSTILE) {
                    tried++;
                    check(jaeger.getKey(), valid, parameter, hostile, text, true, failures);
                }
            }
        }
        assertThat(tried).as("requests tried").isGreaterThan(500);
        assertThat(failures).isEmpty();
        assertThat(logs.errors()).isEmpty();
    }

    @Test
    void unknownPathsUnderTheMachinePrefixesAre404ProblemsWithoutASession() {
        for (String path : new String[] {"/api/nothing-here", "/api/sagas/1/nothing", "/jaeger/api/nothing",
                "/jaeger/nothing", "/actuator/nothing", "/v1/metrics", "/v1/nothing"}) {
            // /v1 takes only the exporters' INGEST key; anyone else is refused before the path is looked at
            HttpResponse<String> response = (path.startsWith("/v1/") ? api.ingest() : api).get(path);
            assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("set-cookie")).as(path).isEmpty();
            if (!path.startsWith("/v1/")) {
                assertThat(response.headers().firstValue("content-type")).as(path).hasValue("application/problem+json");
                assertThat(ApiClient.JSON.readTree(response.body()).path("detail").asString()).contains(path);
            }
            assertThat(response.body()).as(path).doesNotContain("<html", "<!doctype");
        }
        HttpResponse<byte[]> posted = api.ingest().post("/v1/metrics", "application/json", "{}".getBytes(), Map.of());
        // an exporter's metrics are not taken, and it must know: UNIMPLEMENTED, which it does not retry
        assertThat(posted.statusCode()).as("an exporter's metrics are not taken, and it must know").isEqualTo(501);
        assertThat(new String(posted.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"code\":12");
        assertThat(logs.errors()).isEmpty();
    }

    @Test
    void theJaegerApiCapsLimitAndTimeRange() {
        HttpResponse<String> tooMany = api.get("/jaeger/api/traces?service=s&limit=1000000&start=0");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(ApiClient.JSON.readTree(tooMany.body()).path("errors").get(0).path("msg").asString())
                .contains("limit", "1500");
        long now = Instant.now().toEpochMilli() * 1000;
        HttpResponse<String> tooLong = api.get("/jaeger/api/traces?service=s&limit=20&start=0&end=" + now);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 7 days");
        assertThat(api.get("/jaeger/api/traces?service=s&limit=1500&lookback=7d").statusCode()).isEqualTo(200);
        assertThat(api.get("/jaeger/api/dependencies?lookback=99999999999999").statusCode()).isEqualTo(400);
    }

    @Test
    void freeTextInActionsAndBulkJobsIsCappedAndBulkLimitsMustNotBeNegative() {
        ApiClient operator = api.as(TestUsers.OPERATOR);
        String reason = "r".repeat(2_001);
        HttpResponse<String> action = operator.postJson("/api/sagas/1/actions",
                "{\"kind\":\"RESOLVE\",\"reason\":\"" + reason + "\"}");
        assertThat(action.statusCode()).isEqualTo(400);
        assertThat(ApiClient.JSON.readTree(action.body()).path("detail").asString()).contains("reason", "2000");
        HttpResponse<String> bulk = operator.postJson("/api/bulk-jobs",
                "{\"filter\":{\"type\":\"order\"},\"kind\":\"RESOLVE\",\"reason\":\"" + reason + "\"}");
        assertThat(bulk.statusCode()).isEqualTo(400);
        assertThat(ApiClient.JSON.readTree(bulk.body()).path("detail").asString()).contains("reason", "2000");
        assertThat(opsplane.jdbc().queryForObject("SELECT count(*) FROM operator_audit WHERE length(reason) > ?",
                Long.class, 2_000)).isZero();

        HttpResponse<String> silence = operator.postJson("/api/silences", """
                {"matchers": [{"name": "step", "value": "charge", "isRegex": false, "isEqual": true}],
                 "endsAt": "%s", "comment": "%s"}""".formatted(Instant.now().plus(Duration.ofHours(1)), reason));
        assertThat(silence.statusCode()).as(silence.body()).isEqualTo(400);
        assertThat(ApiClient.JSON.readTree(silence.body()).path("detail").asString()).contains("comment", "2000");

        // the longest reason allowed is kept once: on the request's audit entry, not again on its outcome's
        String longest = "why ".repeat(500);
        long sagaId = runningSaga("o-hostile-1");
        HttpResponse<String> resolve = operator.postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"RESOLVE\",\"reason\":\"" + longest + "\"}");
        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(201);
        long actionId = ApiClient.JSON.readTree(resolve.body()).path("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.getJson("/api/actions/" + actionId).path("status")
                .asString().equals("RESOLVED"));
        assertThat(opsplane.jdbc().queryForList("SELECT action FROM operator_audit WHERE saga_id = ?", String.class,
                sagaId)).contains("ACTION_REQUESTED", "SAGA_RESOLVED");
        assertThat(opsplane.jdbc().queryForObject("SELECT count(*) FROM operator_audit WHERE reason = ?", Long.class,
                longest.trim())).isEqualTo(1);

        HttpResponse<String> negative = api.get("/api/bulk-jobs?limit=-1");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(ApiClient.JSON.readTree(negative.body()).path("detail").asString()).contains("'limit'", "negative");
        assertThat(logs.errors()).isEmpty();
    }

    private static long runningSaga(String orderId) {
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, List.of(new OrderEvents(SAGA).orderCreated(orderId,
                    Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/sagas?correlationKey=" + orderId).path("items").size() == 1);
        return api.getJson("/api/sagas?correlationKey=" + orderId).path("items").get(0).path("id").asLong();
    }

    private static void check(String template, Map<String, String> valid, String parameter, String hostile,
                              boolean freeText, boolean jaeger, List<String> failures) {
        String url = url(template, valid, parameter, hostile);
        HttpResponse<String> response = api.get(url);
        String shown = url.length() > 200 ? url.substring(0, 200) + "…" : url;
        int status = response.statusCode();
        String type = response.headers().firstValue("content-type").orElse("");
        String verdict = null;
        if (status >= 500 || (status == 403 && response.body().isEmpty())) {
            verdict = "answered " + status;
        } else if (type.contains("html") || response.body().contains("<html")) {
            verdict = "answered HTML";
        } else if (response.headers().firstValue("set-cookie").isPresent()) {
            verdict = "set a cookie";
        } else if (status >= 400 && status < 500) {
            boolean readable = type.startsWith("application/problem+json")
                    || (jaeger && type.startsWith("application/json") && (response.body().contains("\"errors\"")
                            || response.body().startsWith("{\"error\":{\"httpCode\":")));
            if (!readable) {
                verdict = "answered " + status + " as '" + type + "'";
            }
        } else if (status >= 200 && status < 300 && !freeText && !(status == 200 && isDefaultable(hostile))) {
            verdict = "accepted it (" + status + ")";
        }
        if (verdict != null) {
            failures.add("GET " + shown + " with " + parameter + "=" + printable(hostile) + " " + verdict + ": "
                    + abbreviated(response.body()));
        }
    }

    /** Values that are fine for some non-text parameters (a large but valid number; a cursor string). */
    private static boolean isDefaultable(String hostile) {
        return hostile.equals("9223372036854775807");
    }

    private static void checkHuge(String template, Map<String, String> valid, String parameter, List<String> failures) {
        HttpResponse<String> response = api.get(url(template, valid, parameter, HUGE));
        if (response.statusCode() != 400 && response.statusCode() != 414 && response.statusCode() != 431) {
            failures.add("GET " + template + " with a 100 KB " + parameter + " answered " + response.statusCode());
        }
    }

    private static String url(String template, Map<String, String> valid, String parameter, String value) {
        String path = template;
        StringBuilder query = new StringBuilder();
        Map<String, String> values = new LinkedHashMap<>(valid);
        values.put(parameter, value);
        for (var entry : values.entrySet()) {
            String encoded = URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
            if (path.contains("{" + entry.getKey() + "}")) {
                path = path.replace("{" + entry.getKey() + "}", encoded);
            } else if (!path.contains("?" + entry.getKey() + "=") || entry.getKey().equals(parameter)) {
                query.append(query.isEmpty() && !path.contains("?") ? "?" : "&").append(entry.getKey()).append('=')
                        .append(encoded);
            }
        }
        return path + query;
    }

    private static String validValue(JsonNode schema) {
        if (schema.has("enum")) {
            return schema.path("enum").get(0).asString();
        }
        return switch (schema.path("type").asString()) {
            case "integer", "number" -> "1";
            case "boolean" -> "true";
            default -> schema.path("format").asString().equals("date-time") ? Instant.now().toString() : "x";
        };
    }

    private static String printable(String value) {
        String shown = value.replace("\0", "\\0").replace("\u0001", "\\1");
        return shown.length() > 40 ? shown.substring(0, 40) + "…(" + value.length() + " chars)" : shown;
    }

    private static String abbreviated(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
