package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A growing incident: the count moves between counting and creating, and more sagas get stuck after the job is
 * made. The job is not refused; it holds the sagas of its moment, selected by step as alerts link to them, and the
 * newcomers are offered as a job of their own.
 */
class BulkSelectionTest {

    @Test
    void theJobNamesItsApproversAndBreakGlassLetsOneOperatorGoOnWithAReason() {
        CompensableOrderSaga saga = CompensableOrderSaga.create();
        Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .property("opsplane.compensation.bulk.break-glass", "true").start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            ApiClient admin = opsplane.api();
            ApiClient operator = admin.as(TestUsers.OPERATOR);
            HttpResponse<String> everything = admin.send(admin.request("/api/admin/compensation/settings")
                    .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"approvalThreshold\": 0, \"reason\": \"four eyes for every job\"}")).build());
            assertThat(everything.statusCode()).as(everything.body()).isEqualTo(200);
            OrderEvents.send(producer, List.of(saga.events.orderCreated("night-0", start),
                    saga.events.stockReserved("night-0", start.plusSeconds(1))));
            await("one saga stuck").atMost(Duration.ofSeconds(60)).until(() -> BulkJobTest.count(operator, AT_PAYMENT) == 1);

            HttpResponse<String> created = operator.postJson("/api/bulk-jobs", """
                    {"filter": %s, "kind": "RESOLVE", "reason": "incident 10: settled by the PSP", "canarySize": 0}"""
                    .formatted(AT_PAYMENT));
            long id = ApiClient.JSON.readTree(created.body()).path("id").asLong();
            assertThat(ApiClient.JSON.readTree(created.body()).path("status").asString()).isEqualTo("PENDING_APPROVAL");
            JsonNode approvers = operator.getJson("/api/bulk-jobs/" + id + "/approvers");
            assertThat(approvers.path("people").toString()).isEqualTo("[\"" + TestUsers.ADMIN + "\"]");
            assertThat(operator.getJson("/api/audit?bulkJobId=" + id + "&action=BULK_CREATED").path("items").get(0)
                    .path("outcome").asString()).isEqualTo("1 sagas; awaiting approval by " + TestUsers.ADMIN);
            assertThat(operator.postJson("/api/bulk-jobs/" + id + "/approve", "").statusCode())
                    .as("four eyes: not by the requester").isEqualTo(409);
            assertThat(operator.postJson("/api/bulk-jobs/" + id + "/break-glass", "{\"reason\": \" \"}").statusCode())
                    .as("no break-glass without a reason").isEqualTo(400);

            HttpResponse<String> alone = operator.postJson("/api/bulk-jobs/" + id + "/break-glass",
                    "{\"reason\": \"admin unreachable, PSP settled\"}");
            assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);
            JsonNode done = BulkJobTest.awaitJob(operator, id, "DONE");
            assertThat(done.path("approvedBy").asString()).isEqualTo(TestUsers.OPERATOR + " (break-glass)");
            JsonNode audit = operator.getJson("/api/audit?bulkJobId=" + id + "&action=BULK_BREAK_GLASS").path("items").get(0);
            assertThat(audit.path("actor").asString()).isEqualTo(TestUsers.OPERATOR);
            assertThat(audit.path("reason").asString()).isEqualTo("admin unreachable, PSP settled");
            assertThat(BulkJobTest.count(operator, AT_PAYMENT)).isZero();
        }
    }

    private static final String AT_PAYMENT = "{\"type\":\"order-placement\",\"status\":\"STUCK\",\"step\":\"charge-payment\"}";

    @Test
    void theSelectionIsFrozenAtCreationAndNewcomersAreOfferedAsAnAddition() {
        CompensableOrderSaga saga = CompensableOrderSaga.create();
        Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                saga.writeDefinition(Duration.ofSeconds(1), Duration.ofSeconds(5))).start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            ApiClient operator = opsplane.api().as(TestUsers.OPERATOR);
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // three stuck waiting for their payment, one waiting to be confirmed: not selected by the step
                events.add(saga.events.orderCreated("pay-" + i, start.plusMillis(i)));
                events.add(saga.events.stockReserved("pay-" + i, start.plusMillis(i).plusSeconds(1)));
            }
            events.addAll(List.of(saga.events.orderCreated("confirm-0", start), saga.events.stockReserved("confirm-0",
                    start.plusSeconds(1)), saga.events.paymentCompleted("confirm-0", start.plusSeconds(2))));
            OrderEvents.send(producer, events);
            await("3 sagas stuck at charge-payment, 4 stuck in all").atMost(Duration.ofSeconds(60)).until(() ->
                    BulkJobTest.count(operator, AT_PAYMENT) == 3
                            && BulkJobTest.count(operator, "{\"status\":\"STUCK\"}") == 4);

            // counted 2 a moment ago; 3 match now: the job is made over the 3
            HttpResponse<String> created = operator.postJson("/api/bulk-jobs", """
                    {"filter": %s, "kind": "RESOLVE", "reason": "incident 9: the PSP settled these by hand",
                     "canarySize": 0, "ratePerSecond": 1, "expectedCount": 2}""".formatted(AT_PAYMENT));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode job = ApiClient.JSON.readTree(created.body());
            long first = job.path("id").asLong();
            assertThat(job.path("total").asInt()).isEqualTo(3);
            assertThat(job.path("filter").path("step").asString()).isEqualTo("charge-payment");
            JsonNode audit = operator.getJson("/api/audit?bulkJobId=" + first + "&action=BULK_CREATED")
                    .path("items").get(0);
            assertThat(audit.path("details").path("countedBefore").asInt()).isEqualTo(2);
            assertThat(audit.path("details").path("total").asInt()).isEqualTo(3);

            // two more get stuck at the same step while the first job runs
            OrderEvents.send(producer, List.of(saga.events.orderCreated("pay-late-0", start.plusSeconds(30)),
                    saga.events.stockReserved("pay-late-0", start.plusSeconds(31)),
                    saga.events.orderCreated("pay-late-1", start.plusSeconds(30)),
                    saga.events.stockReserved("pay-late-1", start.plusSeconds(31))));
            BulkJobTest.awaitJob(operator, first, "DONE");
            await("the newcomers offered").atMost(Duration.ofSeconds(60)).until(() ->
                    operator.getJson("/api/bulk-jobs/" + first + "/additions").path("count").asInt() == 2);
            assertThat(operator.getJson("/api/bulk-jobs/" + first).path("total").asInt())
                    .as("the first job still holds its own 3").isEqualTo(3);

            HttpResponse<String> added = operator.postJson("/api/bulk-jobs/" + first + "/additions", "");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            JsonNode addition = ApiClient.JSON.readTree(added.body());
            assertThat(addition.path("total").asInt()).isEqualTo(2);
            assertThat(addition.path("kind").asString()).isEqualTo("RESOLVE");
            assertThat(addition.path("reason").asString())
                    .isEqualTo("in addition to bulk job " + first + ": incident 9: the PSP settled these by hand");
            assertThat(operator.getJson("/api/bulk-jobs/" + first + "/additions").path("count").asInt())
                    .as("held by the running addition").isZero();
            BulkJobTest.awaitJob(operator, addition.path("id").asLong(), "DONE");
            assertThat(BulkJobTest.count(operator, AT_PAYMENT)).isZero();
            assertThat(BulkJobTest.count(operator, "{\"status\":\"STUCK\"}")).as("the one at confirm-order").isEqualTo(1);
            assertThat(operator.postJson("/api/bulk-jobs/" + first + "/additions", "").statusCode()).isEqualTo(409);
        }
    }
}
