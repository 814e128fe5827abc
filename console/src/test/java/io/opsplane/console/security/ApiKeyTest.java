package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.RunningOpsplane;
import io.opsplane.console.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Machines sign in with API keys and can do only their one job: an exporter's INGEST key writes
 * telemetry and reads nothing, Grafana's TRACE_READER key reads the Jaeger API and writes nothing,
 * and people's passwords no longer write telemetry.
 */
class ApiKeyTest {

    private static final byte[] NO_SPANS = "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final RunningOpsplane opsplane = new RunningOpsplane(() -> OpsplaneInstance.withOrderSaga().elasticsearch());

    private static String detail(HttpResponse<?> response) {
        Object body = response.body();
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body);
        JsonNode answer = ApiClient.JSON.readTree(text);
        // /v1 answers OTLP's google.rpc.Status (here in JSON: the requests are JSON), everything else a problem
        return answer.has("detail") ? answer.path("detail").asString() : answer.path("message").asString();
    }

    @Test
    void theIngestKeyWritesTelemetryAndReadsNothing() {
        ApiClient exporter = opsplane.api().ingest();
        HttpResponse<byte[]> traces = exporter.post("/v1/traces", "application/json", NO_SPANS, Map.of());
        assertThat(traces.statusCode()).as(new String(traces.body(), StandardCharsets.UTF_8)).isEqualTo(200);

        for (String path : new String[] {"/api/sagas", "/jaeger/api/services", "/v3/api-docs", "/actuator/metrics"}) {
            HttpResponse<String> read = exporter.get(path);
            assertThat(read.statusCode()).as(path).isEqualTo(403);
            assertThat(detail(read)).as(path).contains("needs a role this user does not have");
        }
    }

    @Test
    void theTraceReaderKeyReadsTheJaegerApiAndNothingElse() {
        ApiClient grafana = opsplane.api().withKey(TestUsers.TRACE_READER_KEY.secret());
        HttpResponse<String> services = grafana.get("/jaeger/api/services");
        assertThat(services.statusCode()).as(services.body()).isEqualTo(200);
        assertThat(grafana.get("/jaeger/api/services").headers().firstValue("content-type").orElse(""))
                .startsWith("application/json");

        assertThat(grafana.get("/api/sagas").statusCode()).isEqualTo(403);
        HttpResponse<byte[]> write = grafana.post("/v1/traces", "application/json", NO_SPANS, Map.of());
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(detail(write)).contains("(INGEST)");
        HttpResponse<String> jaegerWrite = grafana.send(grafana.request("/jaeger/api/services")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(jaegerWrite.statusCode()).isEqualTo(403);
    }

    @Test
    void peoplesPasswordsNoLongerWriteTelemetry() {
        for (String user : new String[] {TestUsers.VIEWER, TestUsers.OPERATOR, TestUsers.ADMIN}) {
            HttpResponse<byte[]> response = opsplane.api().as(user).post("/v1/traces", "application/json", NO_SPANS,
                    Map.of());
            assertThat(response.statusCode()).as(user).isEqualTo(403);
            assertThat(detail(response)).as(user)
                    .isEqualTo("POST /v1/traces needs a role this user does not have (INGEST)");
        }
    }

    @Test
    void aWrongKeyOrTheKeysHashIsRefusedWithoutABasicChallenge() {
        for (String key : new String[] {"not-a-key", TestUsers.keyHash(TestUsers.INGEST_KEY.secret()),
                TestUsers.keyHash(TestUsers.INGEST_KEY.secret()).substring("{sha256}".length())}) {
            HttpResponse<byte[]> response = opsplane.api().withKey(key).post("/v1/traces", "application/json",
                    NO_SPANS, Map.of());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(detail(response)).isEqualTo("the API key is wrong");
            assertThat(response.headers().allValues("www-authenticate")).noneMatch(v -> v.regionMatches(true, 0, "Basic", 0, 5));
        }
    }
}
