package io.opsplane.console.why;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.OrderTelemetry;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "Why is it stuck?" against real Kafka, PostgreSQL and Elasticsearch. Three sagas wait for PaymentCompleted. First
 * the payment service's group has consumed every stock reservation but nothing more came on the payments topic:
 * the panel says the service consumed what it was sent and published nothing, and shows its "holding the charge"
 * warnings grouped as one message. Then more reservations arrive and its group, with nobody consuming, falls behind:
 * the panel names the group and the lag.
 */
class StuckExplanationTest {

    @Test
    void theFirstLineSaysWhatTheSignalsShow() throws Exception {
        OrderSaga saga = OrderSaga.create(1);
        OrderEvents events = new OrderEvents(saga);
        String paymentGroup = "payment-service-" + saga.prefix;
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofSeconds(3)))
                .elasticsearch(TestElasticsearch.uniquePrefix()).property("opsplane.lag.sample-interval", "1s").start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            ApiClient api = opsplane.api();
            // an earlier order paid, so the payments topic has had records appended before these sagas moved
            await("the payments topic sampled").atMost(Duration.ofSeconds(30)).until(() ->
                    opsplane.jdbc().queryForList("SELECT 1 FROM topic_activity WHERE topic = ?", saga.payments).size() == 1);
            OrderEvents.send(producer, events.completedSaga("why-paid", Instant.now().minusSeconds(60)));
            await("the payment seen appended").atMost(Duration.ofSeconds(30)).until(() -> opsplane.jdbc().queryForList(
                    "SELECT 1 FROM topic_activity WHERE topic = ? AND last_append_at IS NOT NULL", saga.payments).size() == 1);

            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (String order : List.of("why-1", "why-2", "why-3")) {
                OrderEvents.send(producer, List.of(events.orderCreated(order, start), events.stockReserved(order, start.plusMillis(10))));
                OrderTelemetry.export(api, order, start, false);
                post(api, OrderTelemetry.line(OrderTelemetry.PAYMENT_SERVICE, OrderEvents.traceIdOf(order),
                        start.plusSeconds(1), 13, "WARN", "Fault payment-timeout: holding the charge of order " + order
                                + " without answering"));
            }
            TestElasticsearch.refresh();
            // the payment service consumed every reservation, and stays quiet
            TopicPartition inventory = new TopicPartition(saga.inventory, 0);
            long end = admin.listOffsets(Map.of(inventory, OffsetSpec.latest())).all().get().get(inventory).offset();
            admin.alterConsumerGroupOffsets(paymentGroup, Map.of(inventory, new OffsetAndMetadata(end))).all().get();
            long id = await("why-1 stuck").atMost(Duration.ofSeconds(30)).until(() -> sagaId(api, "why-1", "STUCK"), s -> s > 0);
            await("why-2 and why-3 stuck").atMost(Duration.ofSeconds(30)).until(() ->
                    sagaId(api, "why-2", "STUCK") > 0 && sagaId(api, "why-3", "STUCK") > 0);

            JsonNode quiet = await("the group sampled caught up").atMost(Duration.ofSeconds(30))
                    .until(() -> api.getJson("/api/sagas/" + id + "/why"), why -> why.path("groups").size() == 1
                            && why.path("groups").get(0).path("lag").asLong() == 0);
            assertThat(quiet.path("sentence").asString()).startsWith("payment consumed what it was sent (" + paymentGroup
                    + " caught up) but has published nothing on " + saga.payments + " for ")
                    .endsWith(", where PaymentCompleted would come.");
            assertThat(quiet.path("awaitedEvent").asString()).isEqualTo("PaymentCompleted");
            assertThat(quiet.path("telemetryName").asString()).isEqualTo(OrderTelemetry.PAYMENT_SERVICE);
            assertThat(quiet.path("othersStuck").asLong()).isEqualTo(2);
            JsonNode holding = quiet.path("logs").get(0);
            assertThat(holding.path("message").asString())
                    .isEqualTo("Fault payment-timeout: holding the charge of order … without answering");
            assertThat(holding.path("count").asLong()).isEqualTo(3);
            assertThat(holding.path("level").asString()).isEqualTo("WARN");

            // the payments topic busy again, but with another order's failure: still no PaymentCompleted
            OrderEvents.send(producer, List.of(events.paymentFailed("why-other", Instant.now())));
            JsonNode busy = await("the payments topic sampled busy").atMost(Duration.ofSeconds(30))
                    .until(() -> api.getJson("/api/sagas/" + id + "/why"),
                            why -> why.path("sentence").asString().contains("published no PaymentCompleted"));
            assertThat(busy.path("sentence").asString()).startsWith("payment consumed what it was sent (" + paymentGroup
                    + " caught up) but has published no PaymentCompleted on " + saga.payments + " for at least ")
                    .endsWith("; other records still come there.");
            // the order paid a minute before these three started is further back than the step's timeout
            assertThat(busy.path("awaitedLastSeen").isNull()).isTrue();

            // more reservations, and nobody consumes them for the payment service
            OrderEvents.send(producer, List.of(events.stockReserved("why-4", Instant.now()),
                    events.stockReserved("why-5", Instant.now())));
            JsonNode behind = await("the group behind").atMost(Duration.ofSeconds(30))
                    .until(() -> api.getJson("/api/sagas/" + id + "/why"),
                            why -> why.path("groups").get(0).path("lag").asLong() == 2);
            assertThat(behind.path("sentence").asString()).isEqualTo("payment's group " + paymentGroup
                    + " has no active members and is 2 records behind on " + saga.inventory + ".");

            assertThat(api.get("/api/sagas/987654321/why").statusCode()).isEqualTo(404);
        }
    }

    private static long sagaId(ApiClient api, String order, String status) {
        JsonNode items = api.getJson("/api/sagas?correlationKey=" + order).path("items");
        return !items.isEmpty() && items.get(0).path("status").asString().equals(status)
                ? items.get(0).path("id").asLong() : 0;
    }

    private static void post(ApiClient api, byte[] logs) {
        assertThat(api.ingest().post("/v1/logs", "application/json", logs, Map.of()).statusCode()).isEqualTo(200);
    }
}
