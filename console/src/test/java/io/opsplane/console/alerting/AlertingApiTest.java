package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The alerting REST API as the console pages and scripts will use it, problem details included. */
class AlertingApiTest {

    @AutoClose
    private static WebhookReceiver receiver;
    private static OrderSaga saga;
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
        saga = OrderSaga.create();
        opsplane = AlertingSetup.instance(receiver, saga.writeDefinition(Duration.ofSeconds(1)), """
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    interval: 1s
                  - name: CompensationNotVerified
                    kind: compensation
                    outcome: UNVERIFIED
                    interval: 1s
                %s""".formatted(AlertingSetup.PAYMENT_ERRORS_RULE)).start();
        api = opsplane.api();
    }

    @Test
    void rulesFromTheFileAreListedWithTheirHealthAndCannotBeEditedHere() {
        await().atMost(Duration.ofSeconds(20)).until(() -> rule("CompensationNotVerified").get("evaluation")
                .get("health").asString().equals("OK"));
        JsonNode compensation = rule("CompensationNotVerified");
        assertThat(compensation.get("source").asString()).endsWith("rules.yml:5");
        assertThat(compensation.get("editable").asBoolean()).isFalse();
        // this instance has no Elasticsearch: the trace rule says why it cannot be evaluated
        await().atMost(Duration.ofSeconds(20)).until(() -> rule("PaymentErrors").get("evaluation")
                .get("health").asString().equals("ERROR"));
        assertThat(rule("PaymentErrors").get("evaluation").get("lastError").asString())
                .contains("Elasticsearch unreachable");
        await().atMost(Duration.ofSeconds(20)).until(() -> rule("SagaStuck").get("evaluation")
                .get("health").asString().equals("OK"));

        assertProblem(send("PUT", "/api/alert-rules/SagaStuck", """
                {"name":"SagaStuck","kind":"saga-stuck"}"""), 409, "defined in the rules file");
        assertProblem(send("DELETE", "/api/alert-rules/SagaStuck", null), 409, "change it there");
    }

    @Test
    void storedRulesAreCreatedChangedAndDeletedWithClearErrors() {
        HttpResponse<String> created = api.postJson("/api/alert-rules", """
                {"name": "CheckoutFailing", "kind": "saga-failure-ratio", "sagaType": "order-placement",
                 "window": "15m", "threshold": 0.1, "for": "5m", "severity": "critical",
                 "annotations": {"summary": "{{ .Value | percent }} of checkouts fail"}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode rule = rule("CheckoutFailing");
        assertThat(rule.get("editable").asBoolean()).isTrue();
        assertThat(rule.get("window").asString()).isEqualTo("15m");
        assertThat(rule.get("minSagas").asInt()).isEqualTo(10);

        assertProblem(api.postJson("/api/alert-rules", """
                {"name": "CheckoutFailing", "kind": "saga-stuck"}"""), 409, "exists");
        assertProblem(api.postJson("/api/alert-rules", """
                {"name": "SagaStuck", "kind": "saga-stuck"}"""), 409, "rules file");
        assertProblem(api.postJson("/api/alert-rules", """
                {"name": "Broken",
                 "kind": "saga-failure-ratio",
                 "window": "15 minutes",
                 "threshold": 0.1}"""), 400, "request body:3: rule 'Broken': window '15 minutes' is not a duration");
        assertProblem(api.postJson("/api/alert-rules", """
                {"name": "Broken", "kind": "disk-full"}"""), 400, "kind 'disk-full' is not one of [saga-stuck,");
        assertProblem(api.postJson("/api/alert-rules", """
                {"name": "Broken", "kind": "saga-stuck",
                 "annotations": {"summary": "{{ .Labels.saga_type }} {{ $value }}"}}"""), 400,
                "unknown placeholder '{{ $value }}'");
        assertProblem(api.postJson("/api/alert-rules", """
                {"name": "Broken", "kind": "saga-stuck",
                 "annotations": {"summary": "{{ .Value }} stuck", "summary_kr": "{{ .Value }}건 멈춤"}}"""), 400,
                "annotation 'summary_kr': 'kr' is not a language alerts are written in");

        HttpResponse<String> changed = send("PUT", "/api/alert-rules/CheckoutFailing", """
                {"name": "CheckoutFailing", "kind": "saga-failure-ratio", "window": "30m", "threshold": 0.2}""");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(rule("CheckoutFailing").get("threshold").asDouble()).isEqualTo(0.2);

        assertThat(send("DELETE", "/api/alert-rules/CheckoutFailing", null).statusCode()).isEqualTo(204);
        assertProblem(api.get("/api/alert-rules/CheckoutFailing"), 404, "no alert rule named 'CheckoutFailing'");
    }

    @Test
    void silencesAreCreatedChangedAndExpired() {
        String ends = Instant.now().plus(Duration.ofHours(2)).toString();
        assertProblem(api.postJson("/api/silences", """
                {"matchers": [], "endsAt": "%s", "createdBy": "maria", "comment": "x"}""".formatted(ends)), 400,
                "at least one matcher");
        assertProblem(api.postJson("/api/silences", """
                {"matchers": [{"name": "step", "value": "charge-(", "isRegex": true, "isEqual": true}],
                 "endsAt": "%s", "createdBy": "maria", "comment": "x"}""".formatted(ends)), 400,
                "'charge-(' is not a regular expression");
        assertProblem(api.postJson("/api/silences", """
                {"matchers": [{"name": "step", "value": ".*", "isRegex": true, "isEqual": true}],
                 "endsAt": "%s", "createdBy": "maria", "comment": "x"}""".formatted(ends)), 400,
                "would silence every alert");

        // Alertmanager's shape carries createdBy; the silence records who is signed in instead
        HttpResponse<String> created = api.as(TestUsers.OPERATOR).postJson("/api/silences", """
                {"matchers": [{"name": "step", "value": "charge-.*", "isRegex": true, "isEqual": true}],
                 "endsAt": "%s", "createdBy": "maria", "comment": "PSP maintenance window"}""".formatted(ends));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode silence = ApiClient.JSON.readTree(created.body());
        String id = silence.get("id").asString();
        assertThat(silence.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(silence.get("createdBy").asString()).isEqualTo(TestUsers.OPERATOR);
        assertThat(silence.get("matchers").get(0).get("isRegex").asBoolean()).isTrue();
        assertThat(api.getJson("/api/silences?state=ACTIVE").findValuesAsString("id")).contains(id);

        HttpResponse<String> changed = send("PUT", "/api/silences/" + id, """
                {"matchers": [{"name": "step", "value": "charge-payment", "isRegex": false, "isEqual": true}],
                 "endsAt": "%s", "createdBy": "maria", "comment": "narrowed to the payment step"}""".formatted(ends));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(ApiClient.JSON.readTree(changed.body()).get("comment").asString()).isEqualTo("narrowed to the payment step");
        assertThat(ApiClient.JSON.readTree(changed.body()).get("createdBy").asString()).isEqualTo(TestUsers.ADMIN);

        assertThat(send("DELETE", "/api/silences/" + id, null).statusCode()).isEqualTo(200);
        assertThat(api.getJson("/api/silences/" + id).get("state").asString()).isEqualTo("EXPIRED");
        assertThat(api.getJson("/api/silences?state=EXPIRED").findValuesAsString("id")).contains(id);
        assertProblem(api.get("/api/silences/00000000-0000-0000-0000-000000000000"), 404, "no silence");
    }

    @Test
    void receiversAreListedWithoutCredentialsAndATestIsDeliveredAndLogged() throws Exception {
        HttpResponse<String> receivers = api.get("/api/receivers");
        assertThat(receivers.statusCode()).isEqualTo(200);
        assertThat(receivers.body()).doesNotContain(AlertingSetup.SECRET.substring("whsec_".length()), "/hook");
        JsonNode ops = ApiClient.JSON.readTree(receivers.body()).get(0);
        assertThat(ops.get("name").asString()).isEqualTo("ops");
        assertThat(ops.get("signed").asBoolean()).isTrue();

        int before = receiver.accepted().size();
        HttpResponse<String> test = api.postJson("/api/receivers/ops/test", "");
        assertThat(test.statusCode()).as(test.body()).isEqualTo(200);
        JsonNode delivery = ApiClient.JSON.readTree(test.body());
        assertThat(delivery.get("status").asString()).isEqualTo("delivered");
        WebhookReceiver.Received told = receiver.accepted().get(before);
        assertThat(told.header("webhook-id")).isEqualTo(delivery.get("webhookId").asString());
        assertThat(StandardWebhooksVerifier.verifies(AlertingSetup.SECRET, told.header("webhook-id"),
                told.header("webhook-timestamp"), told.body(), told.header("webhook-signature"))).isTrue();
        AlertmanagerWebhookFormat.assertValid(told.json());
        assertThat(told.json().get("alerts").get(0).get("labels").get("alertname").asString())
                .isEqualTo("OpsplaneTestNotification");

        JsonNode log = api.getJson("/api/receivers/ops/deliveries?limit=5");
        JsonNode logged = log.get(0);
        assertThat(logged.get("kind").asString()).isEqualTo("test");
        assertThat(logged.get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(204);

        assertProblem(api.postJson("/api/receivers/nobody/test", ""), 404, "no receiver named 'nobody'");
        assertProblem(api.get("/api/receivers/ops/deliveries?status=lost"), 400, "pending, delivered or failed");
    }

    @Test
    void aFiringAlertIsAcknowledged() {
        OrderEvents events = new OrderEvents(saga);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, List.of(events.orderCreated("o-ack", Instant.now()),
                    events.stockReserved("o-ack", Instant.now())));
        }
        JsonNode alert = await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode firing = api.getJson("/api/alerts?state=firing&label=alertname=SagaStuck");
            return firing.isEmpty() ? null : firing.get(0);
        }, a -> a != null);
        String path = "/api/alerts/" + alert.get("id").asLong() + "/ack";
        // who acknowledges is the signed-in user, whatever name the body gives
        HttpResponse<String> response = api.as(TestUsers.OPERATOR).postJson(path,
                "{\"by\": \"maria\", \"comment\": \"calling the PSP\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode acked = ApiClient.JSON.readTree(response.body());
        assertThat(acked.get("acknowledgement").get("by").asString()).isEqualTo(TestUsers.OPERATOR);
        assertThat(acked.get("acknowledgement").get("comment").asString()).isEqualTo("calling the PSP");
        assertProblem(api.postJson("/api/alerts/999999/ack", "{}"), 404, "no alert with id 999999");
        assertProblem(api.get("/api/alerts?label=step~~x"), 400, "is not a matcher");
    }

    @Test
    void aViewerReadsButMayNotActAnOperatorActsButMayNotChangeRulesAndAnAdminMay() {
        ApiClient viewer = api.as(TestUsers.VIEWER);
        ApiClient operator = api.as(TestUsers.OPERATOR);
        String ends = Instant.now().plus(Duration.ofHours(1)).toString();
        String silence = """
                {"matchers": [{"name": "saga_type", "value": "rights", "isRegex": false, "isEqual": true}],
                 "endsAt": "%s", "comment": "rights test"}""".formatted(ends);
        String rule = """
                {"name": "RightsTest", "kind": "saga-stuck", "sagaType": "rights"}""";
        for (String path : new String[] {"/api/alerts", "/api/alerts/groups", "/api/silences", "/api/receivers",
                "/api/receivers/ops/deliveries", "/api/alert-rules"}) {
            assertThat(viewer.get(path).statusCode()).as(path).isEqualTo(200);
            assertProblem(api.anonymous().get(path), 401, "HTTP Basic authentication");
        }

        assertProblem(viewer.postJson("/api/alerts/1/ack", "{\"comment\": \"x\"}"), 403, "(OPERATOR)");
        assertProblem(viewer.postJson("/api/silences", silence), 403, "(OPERATOR)");
        assertProblem(send(viewer, "DELETE", "/api/silences/00000000-0000-0000-0000-000000000000", null), 403,
                "(OPERATOR)");
        assertProblem(viewer.postJson("/api/receivers/ops/test", ""), 403, "(OPERATOR)");
        assertProblem(viewer.postJson("/api/alert-rules", rule), 403, "(ADMIN)");
        assertProblem(api.anonymous().postJson("/api/alert-rules", rule), 401, "HTTP Basic authentication");

        assertProblem(operator.postJson("/api/alert-rules", rule), 403, "POST /api/alert-rules needs a role this user "
                + "does not have (ADMIN)");
        assertProblem(send(operator, "PUT", "/api/alert-rules/SagaStuck", rule), 403, "(ADMIN)");
        assertProblem(send(operator, "DELETE", "/api/alert-rules/SagaStuck", null), 403, "(ADMIN)");
        assertThat(operator.postJson("/api/silences", silence).statusCode()).isEqualTo(201);
        assertThat(operator.postJson("/api/receivers/ops/test", "").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/alert-rules/RightsTest").statusCode()).as("the operator's rule was not stored")
                .isEqualTo(404);

        assertThat(api.postJson("/api/alert-rules", rule).statusCode()).isEqualTo(201);
        assertThat(send(api, "PUT", "/api/alert-rules/RightsTest", rule).statusCode()).isEqualTo(200);
        assertThat(send(api, "DELETE", "/api/alert-rules/RightsTest", null).statusCode()).isEqualTo(204);
    }

    @Test
    void aReceiverSetToKoreanIsToldInKoreanWhileTheWebhookFieldsStayAsTheyAre() throws Exception {
        assertThat(send("PUT", "/api/receivers/ops/language", "{\"language\":\"fr\"}").statusCode()).isEqualTo(400);
        assertThat(send(api.as(TestUsers.OPERATOR), "PUT", "/api/receivers/ops/language", "{\"language\":\"ko\"}")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> changed = send("PUT", "/api/receivers/ops/language", "{\"language\":\"ko\"}");
        try {
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(api.getJson("/api/receivers").get(0).get("language").asString()).isEqualTo("ko");

            int before = receiver.accepted().size();
            assertThat(api.postJson("/api/receivers/ops/test", "").statusCode()).isEqualTo(200);
            JsonNode told = receiver.accepted().get(before).json();
            AlertmanagerWebhookFormat.assertValid(told);
            assertThat(told.get("alerts").get(0).get("annotations").get("summary").asString())
                    .isEqualTo("Opsplane이 수신자 'ops'에게 보낸 테스트 알림");
            assertThat(told.get("alerts").get(0).get("labels").get("alertname").asString())
                    .isEqualTo("OpsplaneTestNotification");
            assertThat(told.get("status").asString()).isEqualTo("firing");
        } finally {
            send("PUT", "/api/receivers/ops/language", "{\"language\":\"en\"}");
        }
    }

    @Test
    void theApiIsDescribedInOpenApi() {
        JsonNode paths = api.getJson("/v3/api-docs").get("paths");
        assertThat(paths.propertyNames()).contains("/api/alerts", "/api/alerts/groups", "/api/alerts/{id}/ack",
                "/api/silences", "/api/silences/{id}", "/api/receivers", "/api/receivers/{name}/deliveries",
                "/api/receivers/{name}/test", "/api/alert-rules", "/api/alert-rules/{name}");
    }

    private static JsonNode rule(String name) {
        return api.getJson("/api/alert-rules/" + name);
    }

    private static HttpResponse<String> send(String method, String path, String json) {
        return send(api, method, path, json);
    }

    private static HttpResponse<String> send(ApiClient client, String method, String path, String json) {
        HttpRequest.Builder request = client.request(path).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(ApiClient.JSON.readTree(response.body()).get("detail").asString()).contains(detail);
    }
}
