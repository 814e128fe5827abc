package io.opsplane.console.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.console.alerting.AlertingSetup;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The saga flow against real Kafka and PostgreSQL: ten order sagas in every state the flow counts, four of them paid
 * after 2, 4, 6 and 20 seconds. The flow's count at each step and status is the saga list's for the same filter;
 * charge-payment's p50 and p95 are those four durations' (nearest rank); the paths say which way the ten went; and a
 * step-duration-p95 rule fires for charge-payment, whose p95 is a fifteenth of its 5-minute timeout.
 */
class SagaFlowTest {

    private static final List<String> STEPS = List.of("reserve-stock", "charge-payment", "confirm-order");
    private static final List<String> OPEN = List.of("RUNNING", "STUCK", "FAILED", "COMPENSATING");

    @Test
    void theFlowCountsWhatTheListListsAndTimesEachStep() throws Exception {
        OrderSaga saga = OrderSaga.create(1);
        OrderEvents events = new OrderEvents(saga);
        String rules = AlertingSetup.rulesFile("""
                rules:
                  - name: PaymentSlowingDown
                    kind: step-duration-p95
                    step: charge-payment
                    window: 1h
                    minSagas: 3
                    threshold: 0.05
                    interval: 1s
                """);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5)))
                .property("opsplane.alerting.rules-file", rules).start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            ApiClient api = opsplane.api();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant earlier = now.minus(Duration.ofMinutes(10));
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            int[] paidAfter = {2, 4, 6, 20};
            for (int i = 0; i < paidAfter.length; i++) {
                String order = "flow-done-" + i;
                Instant reserved = earlier.plusSeconds(1);
                Instant paid = reserved.plusSeconds(paidAfter[i]);
                records.addAll(List.of(events.orderCreated(order, earlier), events.stockReserved(order, reserved),
                        events.paymentCompleted(order, paid), events.orderConfirmed(order, paid.plusSeconds(1))));
            }
            records.addAll(events.compensatedSaga("flow-compensated", earlier));
            for (String order : List.of("flow-paying-1", "flow-paying-2")) {
                records.addAll(List.of(events.orderCreated(order, now), events.stockReserved(order, now.plusMillis(10))));
            }
            // charge-payment's 5 minutes long gone: the stuck scan marks it
            Instant longAgo = now.minus(Duration.ofMinutes(20));
            records.addAll(List.of(events.orderCreated("flow-stuck", longAgo),
                    events.stockReserved("flow-stuck", longAgo.plusSeconds(1))));
            records.add(events.orderCreated("flow-reserving", now));
            // failed a minute ago, within the 5-minute compensation grace: FAILED, not yet stuck
            Instant failedAt = now.minus(Duration.ofMinutes(1));
            records.addAll(List.of(events.orderCreated("flow-failed", failedAt),
                    events.stockReserved("flow-failed", failedAt.plusSeconds(1)),
                    events.paymentFailed("flow-failed", failedAt.plusSeconds(2))));
            OrderEvents.send(producer, records);

            JsonNode flow = await("ten sagas in the flow, one stuck").atMost(Duration.ofSeconds(60))
                    .until(() -> api.getJson("/api/saga-flows/order-placement?lookback=1h"),
                            f -> f.path("paths").path("started").asLong() == 10 && count(f, "charge-payment", "stuck") == 1
                                    && f.path("paths").path("completed").asLong() == 4
                                    && f.path("paths").path("compensated").asLong() == 1);

            assertThat(count(flow, "reserve-stock", "running")).isEqualTo(1);
            assertThat(count(flow, "charge-payment", "running")).isEqualTo(2);
            assertThat(count(flow, "charge-payment", "failed")).isEqualTo(1);
            // what a click on each count opens: the list filtered by type, status and step
            for (String step : STEPS) {
                for (String status : OPEN) {
                    JsonNode listed = api.getJson("/api/sagas?type=order-placement&status=" + status + "&step=" + step
                            + "&limit=500");
                    assertThat(count(flow, step, status.toLowerCase(java.util.Locale.ROOT)))
                            .as("%s %s", step, status).isEqualTo(listed.path("items").size());
                }
            }

            JsonNode payment = step(flow, "charge-payment");
            assertThat(payment.path("finished").asLong()).isEqualTo(4);
            assertThat(Duration.parse(payment.path("p50").asString())).isEqualTo(Duration.ofSeconds(4));
            assertThat(Duration.parse(payment.path("p95").asString())).isEqualTo(Duration.ofSeconds(20));
            assertThat(Duration.parse(payment.path("timeout").asString())).isEqualTo(Duration.ofMinutes(5));
            JsonNode reserving = step(flow, "reserve-stock");
            // every saga but the one still reserving got its stock: seven a second after the order, two within 10 ms
            assertThat(reserving.path("finished").asLong()).isEqualTo(9);
            assertThat(Duration.parse(reserving.path("p95").asString())).isEqualTo(Duration.ofSeconds(1));
            assertThat(step(flow, "confirm-order").path("finished").asLong()).isEqualTo(4);
            assertThat(flow.path("paths").path("open").asLong()).isEqualTo(5);
            // the chart's last bucket holds no payment, the one ten minutes back all four
            List<JsonNode> buckets = new ArrayList<>();
            payment.path("p95ByBucket").forEach(buckets::add);
            assertThat(buckets).hasSize(flow.path("buckets").size());
            assertThat(buckets.stream().filter(b -> !b.isNull()).map(b -> Duration.parse(b.asString())))
                    .contains(Duration.ofSeconds(20));

            JsonNode alert = await("the step-duration rule firing for charge-payment").atMost(Duration.ofSeconds(30))
                    .until(() -> api.getJson("/api/alerts?state=firing"), a -> a.size() == 1).get(0);
            assertThat(alert.path("labels").path("step").asString()).isEqualTo("charge-payment");
            assertThat(alert.path("labels").path("service").asString()).isEqualTo("payment");
            assertThat(alert.path("value").asDouble()).isCloseTo(20.0 / 300, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(alert.path("samples")).isEmpty();
            assertThat(alert.path("generatorURL").asString()).endsWith("/flow?type=order-placement&lookback=1h");

            assertThat(api.get("/api/saga-flows/no-such-type").statusCode()).isEqualTo(404);
            assertThat(api.get("/api/saga-flows/order-placement?lookback=yesterday").statusCode()).isEqualTo(400);
        }
    }

    private static JsonNode step(JsonNode flow, String name) {
        for (JsonNode step : flow.path("steps")) {
            if (step.path("name").asString().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + flow);
    }

    private static long count(JsonNode flow, String step, String status) {
        return step(flow, step).path(status).asLong();
    }
}
