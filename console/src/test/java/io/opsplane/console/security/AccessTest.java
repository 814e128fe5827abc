package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Who gets in and what they see: over HTTP, as scripts, Grafana, exporters and browsers call Opsplane. */
class AccessTest {

    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static long sagaId;

    @BeforeAll
    static void start() {
        OrderSaga saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofMinutes(5))).start();
        api = opsplane.api();
        Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, java.util.List.of(events.orderCreated("access-1", start)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/sagas?correlationKey=access-1").path("items").size() == 1);
        sagaId = api.getJson("/api/sagas?correlationKey=access-1").path("items").get(0).path("id").asLong();
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    @Test
    void anonymousCallsToTheApiGetAProblemNotARedirect() {
        for (String path : new String[] {"/api/sagas", "/api/sagas/" + sagaId, "/v3/api-docs", "/jaeger/api/services",
                "/actuator/metrics"}) {
            HttpResponse<String> response = api.anonymous().get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("content-type")).as(path).hasValue("application/problem+json");
            // no Basic challenge: a browser would remember the password and send it to other sites' forms too
            assertThat(response.headers().firstValue("www-authenticate")).as(path).hasValue("Bearer realm=\"Opsplane\"");
            assertThat(ApiClient.JSON.readTree(response.body()).path("detail").asString())
                    .contains("HTTP Basic authentication");
        }
        HttpResponse<byte[]> otlp = api.anonymous().post("/v1/traces", "application/json", "{}".getBytes(), Map.of());
        assertThat(otlp.statusCode()).isEqualTo(401);
    }

    @Test
    void noOtherSiteMayReadTheJaegerApiUnlessConfigured() {
        // opsplane.jaeger.cors.allowed-origins is empty by default: a preflight gets no CORS headers (and no data),
        // so the browser lets no page elsewhere send the request
        HttpResponse<String> preflight = api.send(api.anonymous().request("/jaeger/api/services")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://jaeger.example.com")
                .header("Access-Control-Request-Method", "GET").build());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
        assertThat(preflight.body()).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefused() {
        HttpResponse<String> response = api.withCredentials(TestUsers.VIEWER, "not-the-password").get("/api/sagas");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(ApiClient.JSON.readTree(response.body()).path("detail").asString())
                .isEqualTo("the user name or password is wrong");
    }

    @Test
    void healthAnswersWithoutSigningIn() {
        HttpResponse<String> health = api.anonymous().get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        assertThat(api.anonymous().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void theConsoleSendsAnonymousBrowsersToTheLoginPage() {
        for (String path : new String[] {"/", "/sagas?status=STUCK", "/sagas/" + sagaId}) {
            HttpResponse<String> response = api.anonymous().send(api.anonymous().request(path)
                    .header("Accept", "text/html").GET().build());
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("location")).as(path).hasValueSatisfying(location ->
                    assertThat(location).endsWith("/login"));
        }
        HttpResponse<String> login = api.anonymous().get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<link href=\"favicon.ico\" rel=\"icon\"");
        // the tab's icon, which the browser asks for before anyone signs in
        HttpResponse<String> icon = api.anonymous().get("/favicon.ico");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("content-type")).hasValue("image/x-icon");
    }

    @Test
    void everyRoleReadsTheApi() {
        for (String user : new String[] {TestUsers.VIEWER, TestUsers.OPERATOR, TestUsers.ADMIN}) {
            assertThat(api.as(user).get("/api/sagas").statusCode()).as(user).isEqualTo(200);
        }
    }

    @Test
    void aViewerCannotWrite() {
        HttpResponse<String> response = api.as(TestUsers.VIEWER).send(api.as(TestUsers.VIEWER)
                .request("/api/sagas/" + sagaId).DELETE().build());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(ApiClient.JSON.readTree(response.body()).path("detail").asString())
                .isEqualTo("DELETE /api/sagas/" + sagaId + " needs a role this user does not have (OPERATOR)");
        // an operator passes the access rule; nothing answers DELETE there yet
        assertThat(api.as(TestUsers.OPERATOR).send(api.as(TestUsers.OPERATOR).request("/api/sagas/" + sagaId)
                .DELETE().build()).statusCode()).isNotIn(401, 403);
        assertThat(api.as(TestUsers.OPERATOR).get("/api/admin/anything").statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerSeesTheConfiguredFieldsMasked() {
        JsonNode asViewer = api.as(TestUsers.VIEWER).getJson("/api/sagas/" + sagaId).path("events").get(0).path("payload");
        assertThat(asViewer.path("customer").path("email").asString()).isEqualTo(Masking.MASK);
        assertThat(asViewer.path("orderId").asString()).isEqualTo("access-1");
        assertThat(asViewer.path("memberId").asString()).isEqualTo("m-access-1");

        JsonNode asOperator = api.as(TestUsers.OPERATOR).getJson("/api/sagas/" + sagaId).path("events").get(0)
                .path("payload");
        assertThat(asOperator.path("customer").path("email").asString()).isEqualTo("access-1@example.com");
    }

    @Test
    void requestsWithCredentialsGetNoSession() {
        HttpResponse<String> response = api.as(TestUsers.VIEWER).get("/api/sagas");
        assertThat(response.headers().allValues("set-cookie")).isEmpty();
        HttpRequest head = api.as(TestUsers.VIEWER).request("/api/sagas").method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build();
        assertThat(api.send(head).statusCode()).isEqualTo(200);
    }
}
