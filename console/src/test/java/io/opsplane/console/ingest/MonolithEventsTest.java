package io.opsplane.console.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A saga that passes through the monolith: its stock event carries B3 (Brave, Spring Cloud Sleuth); its payment
 * event leaves the monolith through a transactional outbox read by Debezium's outbox event router, with a legacy
 * Jaeger client's uber-trace-id. The saga completes, each event links to its trace, and the saga is found by it.
 */
class MonolithEventsTest {

    /** The monolith's own trace: one B3 trace id, 64-bit as older Brave sends it. */
    private static final String MONOLITH_TRACE = "a3ce929d0e0e4736";
    private static final String OUTBOX_EVENT_ID = "4d47e190-0402-4048-bc2c-89dd54343cdc";

    @AutoClose
    private final OpsplaneInstance opsplane;
    private final OrderSaga saga = OrderSaga.create();

    MonolithEventsTest() {
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabaseWithRoles(), saga.writeDefinition(Duration.ofMinutes(1)))
                .start();
    }

    @Test
    void eventsCarryingB3OrUberTraceIdLinkToTheirTraces() {
        OrderEvents events = new OrderEvents(saga);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String order = "legacy-1";
        ProducerRecord<byte[], byte[]> stock = withTraceHeader(events.stockReserved(order, start.plusSeconds(1)),
                "b3", MONOLITH_TRACE + "-00f067aa0ba902b7-1");
        ProducerRecord<byte[], byte[]> payment = debeziumOutboxRecord(order);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, List.of(events.orderCreated(order, start), stock, payment,
                    events.orderConfirmed(order, start.plusSeconds(3))));
        }
        ApiClient api = opsplane.api();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.getJson("/api/sagas?correlationKey=" + order)
                .path("items").path(0).path("status").asString().equals("COMPLETED"));

        long id = api.getJson("/api/sagas?correlationKey=" + order).path("items").get(0).path("id").asLong();
        JsonNode detail = api.getJson("/api/sagas/" + id);
        assertThat(detail.path("events").valueStream()
                .map(event -> event.path("name").asString() + " " + event.path("traceId").asString()))
                // the outbox record has no event time of its own: its record's timestamp places it among the others
                .containsExactlyInAnyOrder(
                        "OrderCreated " + OrderEvents.traceIdOf(order),
                        "StockReserved 0000000000000000" + MONOLITH_TRACE,
                        "PaymentCompleted 80f198ee56343ba864fe8b2a57d3eff7",
                        "OrderConfirmed " + OrderEvents.traceIdOf(order));
        JsonNode paid = detail.path("events").valueStream()
                .filter(event -> event.path("name").asString().equals("PaymentCompleted")).findFirst().orElseThrow();
        assertThat(paid.path("eventId").asString()).isEqualTo(OUTBOX_EVENT_ID);
        assertThat(paid.path("payload").path("paymentId").asString()).isEqualTo("p-" + order);
        assertThat(api.getJson("/api/sagas?q=0000000000000000" + MONOLITH_TRACE).path("items")
                .valueStream().map(s -> s.path("correlationKey").asString())).containsExactly(order);
    }

    @Test
    void aSagaTheMonolithStartsThroughItsOutboxIsTheSameSagaType() {
        OrderEvents events = new OrderEvents(saga);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String order = "legacy-2";
        String payload = "{\"orderId\":\"" + order + "\",\"memberId\":\"m-7\",\"amount\":12.5}";
        ProducerRecord<byte[], byte[]> created = new ProducerRecord<>(saga.orders, OrderEvents.bytes("\"" + order + "\""),
                OrderEvents.bytes(ApiClient.JSON.writeValueAsString(payload)));
        created.headers().add("id", OrderEvents.bytes("0b3e2f4c-52a5-4be7-9d5c-7b1f3c0e9a11"));
        created.headers().add("eventType", OrderEvents.bytes("OrderCreated"));
        created.headers().add("X-B3-TraceId", OrderEvents.bytes(MONOLITH_TRACE));
        created.headers().add("X-B3-SpanId", OrderEvents.bytes("00f067aa0ba902b8"));
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, List.of(created, events.stockReserved(order, start.plusSeconds(1))));
        }
        ApiClient api = opsplane.api();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.getJson("/api/sagas?correlationKey=" + order)
                .path("items").path(0).path("currentStep").asString().equals("charge-payment"));
        JsonNode listed = api.getJson("/api/sagas?correlationKey=" + order).path("items").get(0);
        assertThat(listed.path("type").asString()).isEqualTo("order-placement");
        assertThat(listed.path("businessKeys").path("memberId").asString()).isEqualTo("m-7");
        assertThat(listed.path("traceIds").valueStream().map(JsonNode::asString))
                .contains("0000000000000000" + MONOLITH_TRACE);
    }

    /**
     * PaymentCompleted as Debezium's outbox event router writes it with the JsonConverter and no schemas: the
     * aggregate id as the (JSON) key, the outbox row's id in the {@code id} header, its type where
     * {@code table.fields.additional.placement=type:header:eventType} puts it, and the payload column as a JSON
     * string (the router's default).
     */
    private ProducerRecord<byte[], byte[]> debeziumOutboxRecord(String order) {
        String payload = "{\"eventType\":\"PaymentCompleted\",\"orderId\":\"" + order + "\",\"paymentId\":\"p-"
                + order + "\"}";
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(saga.payments,
                OrderEvents.bytes("\"" + order + "\""), OrderEvents.bytes(ApiClient.JSON.writeValueAsString(payload)));
        record.headers().add("id", OrderEvents.bytes(OUTBOX_EVENT_ID));
        record.headers().add("eventType", OrderEvents.bytes("PaymentCompleted"));
        record.headers().add("uber-trace-id", OrderEvents.bytes("80f198ee56343ba864fe8b2a57d3eff7:e457b5a2e4d86bd1:0:1"));
        return record;
    }

    /** The event as the monolith sends it: its trace in a legacy header instead of traceparent. */
    private static ProducerRecord<byte[], byte[]> withTraceHeader(ProducerRecord<byte[], byte[]> record, String name,
                                                                  String value) {
        record.headers().remove("traceparent");
        record.headers().add(name, OrderEvents.bytes(value));
        return record;
    }
}
