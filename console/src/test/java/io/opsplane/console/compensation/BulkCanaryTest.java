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
 * A bulk job's canary and its outcomes decide whether it goes on. A canary that skipped every saga it reached (they
 * were completed: nothing to compensate) cannot go on, and says why. A job whose commands nobody answers pauses
 * itself once a fifth of its finished actions are unverified, instead of going on through every stuck saga.
 */
class BulkCanaryTest {

    @Test
    void aCanaryThatDidNothingCannotGoOnAndAJobWhoseActionsAreNotVerifiedHaltsItself() throws Exception {
        CompensableOrderSaga saga = CompensableOrderSaga.create();
        Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.addAll(saga.events.completedSaga("done-" + i, start.plusMillis(i)));
            }
            for (int i = 0; i < 12; i++) {
                events.add(saga.events.orderCreated("held-" + i, start.plusMillis(i)));
                events.add(saga.events.stockReserved("held-" + i, start.plusMillis(i).plusSeconds(1)));
            }
            OrderEvents.send(producer, events);
        }
        // nobody answers ReleaseStock: each action goes UNVERIFIED after the undo's 1 s
        try (CommandService service = new CommandService(saga, orderId -> true);
             OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                     saga.writeDefinition(Duration.ofSeconds(1), Duration.ofSeconds(1))).start()) {
            ApiClient operator = opsplane.api().as(TestUsers.OPERATOR);
            String completed = "{\"type\":\"order-placement\",\"status\":\"COMPLETED\"}";
            String stuck = "{\"type\":\"order-placement\",\"status\":\"STUCK\"}";
            await("5 completed and 12 stuck sagas").atMost(Duration.ofSeconds(60)).until(() ->
                    BulkJobTest.count(operator, completed) == 5 && BulkJobTest.count(operator, stuck) == 12);

            long idle = create(operator, completed, 3, 5, 5);
            JsonNode review = BulkJobTest.awaitJob(operator, idle, "REVIEW");
            assertThat(review.path("acted").asInt()).isZero();
            assertThat(review.path("skipped").asInt()).isEqualTo(3);
            HttpResponse<String> goOn = operator.postJson("/api/bulk-jobs/" + idle + "/resume", "");
            assertThat(goOn.statusCode()).isEqualTo(409);
            assertThat(goOn.body()).contains("the canary acted on no saga (3 skipped), so nothing shows the action works");
            assertThat(operator.getJson("/api/bulk-jobs/" + idle).path("status").asString()).isEqualTo("REVIEW");
            assertThat(operator.postJson("/api/bulk-jobs/" + idle + "/cancel",
                    "{\"reason\":\"the canary did nothing\"}").statusCode()).isEqualTo(200);

            long unanswered = create(operator, stuck, 0, 1, 12);
            JsonNode halted = BulkJobTest.awaitJob(operator, unanswered, "PAUSED");
            assertThat(halted.path("processed").asInt()).as("halted before the end").isLessThan(12);
            assertThat(halted.path("actions").path("UNVERIFIED").asLong()).isGreaterThanOrEqualTo(5);
            JsonNode audit = operator.getJson("/api/audit?bulkJobId=" + unanswered + "&action=BULK_PAUSED");
            assertThat(audit.path("items").get(0).path("actor").asString()).isEqualTo("opsplane");
            assertThat(audit.path("items").get(0).path("outcome").asString())
                    .startsWith("halted: ").contains("finished actions UNVERIFIED or FAILED (halt-share 20 %)");
            int processed = halted.path("processed").asInt();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                    operator.getJson("/api/bulk-jobs/" + unanswered).path("processed").asInt() == processed);
        }
    }

    private static long create(ApiClient operator, String filter, int canary, int rate, int expected) {
        HttpResponse<String> created = operator.postJson("/api/bulk-jobs", """
                {"filter": %s, "kind": "COMPENSATE", "reason": "incident 7: give the held orders up",
                 "canarySize": %d, "ratePerSecond": %d, "expectedCount": %d}""".formatted(filter, canary, rate, expected));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ApiClient.JSON.readTree(created.body()).path("id").asLong();
    }
}
