package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Automatic compensation and four-eyes: an ADMIN's policy compensates a saga stuck on the payment, more sagas
 * than the approval threshold wait for an operator, the kill switch stops the policy, and an action above the
 * threshold is approved by someone other than its requester.
 */
class PolicyTest {

    private static CompensableOrderSaga saga;
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    @AutoClose
    private static CommandService service;

    @BeforeAll
    static void start() {
        saga = CompensableOrderSaga.create();
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabaseWithRoles(), saga.writeDefinition(Duration.ofSeconds(2),
                        Duration.ofSeconds(20)))
                .property("opsplane.compensation.policies.interval", "500ms")
                .property("opsplane.compensation.verify-interval", "300ms")
                .start();
        api = opsplane.api();
        service = new CommandService(saga, orderId -> false);
    }

    /** Stock reserved, payment never came: stuck on charge-payment. */
    private static void stuckOnPayment(String... orderIds) {
        Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        for (String orderId : orderIds) {
            OrderEvents.send(List.of(saga.events.orderCreated(orderId, start),
                    saga.events.stockReserved(orderId, start.plusSeconds(1))));
        }
    }

    private static void settings(String json) {
        HttpResponse<String> response = api.send(api.request("/api/admin/compensation/settings")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /**
     * Stuck where the policy looks, for longer than its minStuck: both events applied (they travel on two topics and
     * may arrive apart, the saga stuck at the earlier step meanwhile).
     */
    private static boolean stuckAtThePayment(String orderId) {
        JsonNode items = api.getJson("/api/sagas?correlationKey=" + orderId).path("items");
        if (items.isEmpty()) {
            return false;
        }
        JsonNode saga = items.get(0);
        return saga.path("status").asString().equals("STUCK") && saga.path("currentStep").asString().equals("charge-payment")
                && saga.path("eventCount").asInt() == 2
                && Instant.parse(saga.path("stuckSince").asString()).isBefore(Instant.now().minusSeconds(1));
    }

    private static String status(String orderId) {
        JsonNode items = api.getJson("/api/sagas?correlationKey=" + orderId).path("items");
        return items.isEmpty() ? "" : items.get(0).path("status").asString();
    }

    @Test
    void policiesCompensateWithinTheThresholdAskForApprovalAboveItAndStopAtTheKillSwitch() {
        String policy = """
                {"name": "payment-stuck", "sagaType": "order-placement", "stuckReason": "STEP_TIMEOUT",
                 "step": "charge-payment", "minStuck": "1s", "maxPerHour": 100, "reason": "on-call agreement"}""";
        assertThat(api.as(TestUsers.OPERATOR).postJson("/api/admin/compensation/policies", policy).statusCode())
                .as("only an ADMIN sets policies").isEqualTo(403);
        settings("{\"approvalThreshold\": 1, \"reason\": \"test\"}");
        HttpResponse<String> created = api.postJson("/api/admin/compensation/policies", policy);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        stuckOnPayment("pol-1");
        await("pol-1 compensated by the policy").atMost(Duration.ofSeconds(30)).until(() -> status("pol-1").equals("COMPENSATED"));
        JsonNode action = api.getJson("/api/actions?limit=10").get(0);
        assertThat(action.path("origin").asString()).isEqualTo("POLICY");
        assertThat(action.path("requestedBy").asString()).isEqualTo("policy:payment-stuck");
        assertThat(service.receivedFor("pol-1")).extracting(CommandService.Received::type).containsExactly("ReleaseStock");

        // more sagas at once than the threshold: a bulk job that waits for an operator. The switch holds the policy
        // until all three are stuck, so it sees them together whatever consumer applied each one's events
        settings("{\"killSwitch\": true, \"reason\": \"hold while the outage's sagas pile up\"}");
        stuckOnPayment("pol-2", "pol-3", "pol-4");
        await("all three stuck at the payment").atMost(Duration.ofSeconds(30)).until(() ->
                stuckAtThePayment("pol-2") && stuckAtThePayment("pol-3") && stuckAtThePayment("pol-4"));
        settings("{\"killSwitch\": false, \"reason\": \"let the policy see them\"}");
        await("a job awaiting approval").atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/approvals").path("bulkJobs").size() == 1);
        JsonNode job = api.getJson("/api/approvals").path("bulkJobs").get(0);
        assertThat(job.path("total").asInt()).isEqualTo(3);
        assertThat(job.path("requestedBy").asString()).isEqualTo("policy:payment-stuck");
        await().during(Duration.ofSeconds(2)).until(() -> service.receivedFor("pol-2").isEmpty());
        assertThat(api.as(TestUsers.OPERATOR).postJson("/api/bulk-jobs/" + job.path("id").asLong() + "/approve", "")
                .statusCode()).isEqualTo(200);
        await("the approved job's sagas compensated").atMost(Duration.ofSeconds(40)).until(() ->
                status("pol-2").equals("COMPENSATED") && status("pol-3").equals("COMPENSATED")
                        && status("pol-4").equals("COMPENSATED"));

        // the kill switch: nothing automatic happens
        settings("{\"killSwitch\": true, \"reason\": \"incident 7: stop all automatic compensation\"}");
        stuckOnPayment("pol-5");
        await().atMost(Duration.ofSeconds(20)).until(() -> status("pol-5").equals("STUCK"));
        await().during(Duration.ofSeconds(3)).until(() -> service.receivedFor("pol-5").isEmpty());
        assertThat(api.getJson("/api/audit?action=SETTINGS_CHANGED").path("items").get(0).path("reason").asString())
                .isEqualTo("incident 7: stop all automatic compensation");
        settings("{\"killSwitch\": false, \"reason\": \"incident 7 over\"}");
        await("pol-5 compensated after the switch is off").atMost(Duration.ofSeconds(30)).until(() ->
                status("pol-5").equals("COMPENSATED"));
    }

    @Test
    void aboveTheThresholdASecondOperatorMustApproveBeforeAnythingIsSent() {
        String resetThreshold = "{\"approvalThreshold\": 20, \"reason\": \"test over\"}";
        settings("{\"approvalThreshold\": 0, \"reason\": \"four-eyes for everything\"}");
        try {
            String orderId = "four-eyes-1";
            Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
            // the payment went through; the order confirmation never came
            OrderEvents.send(List.of(saga.events.orderCreated(orderId, start),
                    saga.events.stockReserved(orderId, start.plusSeconds(1)),
                    saga.events.paymentCompleted(orderId, start.plusSeconds(2))));
            await().atMost(Duration.ofSeconds(20)).until(() -> status(orderId).equals("STUCK"));
            long sagaId = api.getJson("/api/sagas?correlationKey=" + orderId).path("items").get(0).path("id").asLong();

            HttpResponse<String> requested = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                    "{\"kind\":\"COMPENSATE\",\"reason\":\"customer cancelled by phone\"}");
            JsonNode action = ApiClient.JSON.readTree(requested.body());
            assertThat(action.path("status").asString()).isEqualTo("PENDING_APPROVAL");
            long actionId = action.path("id").asLong();
            await().during(Duration.ofSeconds(1)).until(() -> service.receivedFor(orderId).isEmpty());

            HttpResponse<String> self = api.as(TestUsers.OPERATOR).postJson("/api/actions/" + actionId + "/approve", "");
            assertThat(self.statusCode()).isEqualTo(409);
            assertThat(self.body()).contains("four-eyes");
            assertThat(api.as(TestUsers.VIEWER).postJson("/api/actions/" + actionId + "/approve", "").statusCode())
                    .isEqualTo(403);
            assertThat(api.getJson("/api/approvals").path("actions").findValuesAsString("requestedBy"))
                    .contains(TestUsers.OPERATOR);

            HttpResponse<String> approved = api.postJson("/api/actions/" + actionId + "/approve", "");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(ApiClient.JSON.readTree(approved.body()).path("approvedBy").asString()).isEqualTo(TestUsers.ADMIN);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(orderId).equals("COMPENSATED")
                    && api.getJson("/api/actions/" + actionId).path("status").asString().equals("VERIFIED"));
            assertThat(service.receivedFor(orderId)).extracting(CommandService.Received::type)
                    .containsExactly("RefundPayment", "ReleaseStock");
            assertThat(api.getJson("/api/audit?actionId=" + actionId).path("items").valueStream()
                    .map(e -> e.path("action").asString() + " by " + e.path("actor").asString()).toList())
                    .containsExactly("ACTION_VERIFIED by opsplane", "ACTION_APPROVED by admin",
                            "ACTION_REQUESTED by operator");
        } finally {
            settings(resetThreshold);
        }
    }
}
