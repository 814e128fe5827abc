package io.opsplane.console.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sagas rebuilt from real Kafka records into real PostgreSQL, as the infra team would see them. */
class SagaTrackingTest {

    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(3);

    private static OrderSaga saga;
    private static OrderEvents events;
    private static OpsplaneInstance opsplane;
    private static JdbcTemplate db;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        saga = OrderSaga.create();
        events = new OrderEvents(saga);
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabaseWithRoles(), saga.writeDefinition(PAYMENT_TIMEOUT)).start();
        db = opsplane.jdbc();
        producer = TestKafka.producer();
    }

    @AfterAll
    static void stop() {
        producer.close();
        opsplane.close();
    }

    @Test
    void threeStepSagaCompletes() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(producer, events.completedSaga("o-complete", start));

        Map<String, Object> row = awaitSaga("o-complete", "COMPLETED", 4);
                assertThat(row.get("current_step")).isNull();
        assertThat(row.get("due_at")).as("a completed saga is never due").isNull();
        assertThat(row.get("business_keys").toString())
                .contains("\"orderId\": \"o-complete\"", "\"memberId\": \"m-o-complete\"", "\"paymentId\": \"p-o-complete\"");
        assertThat(instant(row, "started_at")).isEqualTo(start);
        assertThat(instant(row, "ended_at")).isEqualTo(start.plusSeconds(3));

        List<Map<String, Object>> stored = db.queryForList("""
                SELECT e.event_name, e.kind, e.step, e.trace_id, e.topic, e.event_time FROM saga_event e
                JOIN saga_instance s ON s.id = e.saga_id WHERE s.correlation_key = 'o-complete' ORDER BY e.event_time""");
        assertThat(stored).extracting(r -> r.get("event_name") + "/" + r.get("kind") + "/" + r.get("step")).containsExactly(
                "OrderCreated/STARTED/null", "StockReserved/STEP_DONE/reserve-stock",
                "PaymentCompleted/STEP_DONE/charge-payment", "OrderConfirmed/COMPLETED/confirm-order");
        assertThat(stored).extracting(r -> r.get("trace_id")).containsOnly(OrderEvents.traceIdOf("o-complete"));
        assertThat(stored).extracting(r -> ((java.sql.Timestamp) r.get("event_time")).toInstant()).containsExactly(
                start, start.plusSeconds(1), start.plusSeconds(2), start.plusSeconds(3));
    }

    @Test
    void sagaWhoseMiddleStepNeverArrivesBecomesStuckAndRecoversWhenItComes() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(producer, List.of(events.orderCreated("o-stuck", start),
                events.stockReserved("o-stuck", start.plusMillis(10))));

        Map<String, Object> running = awaitSaga("o-stuck", "RUNNING", 2);
        assertThat(running.get("current_step")).isEqualTo("charge-payment");
        assertThat(running.get("next_event")).isEqualTo("PaymentCompleted");
        assertThat(running.get("responsible_service")).isEqualTo("payment");
        assertThat(instant(running, "step_deadline")).isEqualTo(start.plusMillis(10).plus(PAYMENT_TIMEOUT));

        Map<String, Object> stuck = awaitSaga("o-stuck", "STUCK", 2);
        assertThat(stuck.get("stuck_reason")).isEqualTo("STEP_TIMEOUT");
        assertThat(stuck.get("current_step")).isEqualTo("charge-payment");
        assertThat(stuck.get("responsible_service")).isEqualTo("payment");

        OrderEvents.send(producer, List.of(events.paymentCompleted("o-stuck", Instant.now())));
        Map<String, Object> moving = awaitSaga("o-stuck", "RUNNING", 3);
        assertThat(moving.get("current_step")).isEqualTo("confirm-order");
        assertThat(moving.get("stuck_reason")).isNull();
        assertThat(moving.get("stuck_since")).isNull();
        assertThat(db.queryForObject("""
                SELECT count(*) FROM saga_stuck_mark m JOIN saga_instance s ON s.id = m.saga_id
                WHERE s.correlation_key = 'o-stuck' AND m.reason = 'STEP_TIMEOUT' AND m.step = 'charge-payment'""",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void failedSagaWithoutCompensationIsStuckButACompensatedOneEndsCompensated() {
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(producer, List.of(events.orderCreated("o-failed", longAgo),
                events.stockReserved("o-failed", longAgo.plusSeconds(1)),
                events.paymentFailed("o-failed", longAgo.plusSeconds(2))));
        OrderEvents.send(producer, events.compensatedSaga("o-compensated", longAgo));

        Map<String, Object> failed = awaitSaga("o-failed", "STUCK", 3);
        assertThat(failed.get("stuck_reason")).isEqualTo("FAILED_NOT_COMPENSATED");
        assertThat(failed.get("current_step")).isEqualTo("charge-payment");
        Map<String, Object> compensated = awaitSaga("o-compensated", "COMPENSATED", 5);
        assertThat(instant(compensated, "ended_at")).isEqualTo(longAgo.plusSeconds(4));

        // compensation starting on the stuck one is progress: it leaves STUCK and waits for the stock release
        OrderEvents.send(producer, List.of(events.orderCancelled("o-failed", Instant.now())));
        assertThat(awaitSaga("o-failed", "COMPENSATED", 4).get("stuck_reason")).isNull();
    }

    @Test
    void sameStreamDeliveredTwiceAndShuffledEndsInIdenticalState() {
        Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        Random random = new Random(42);
        List<List<ProducerRecord<byte[], byte[]>>> inOrder = new ArrayList<>();
        List<List<ProducerRecord<byte[], byte[]>>> scrambled = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant start = base.plusSeconds(i * 10L);
            for (String stream : List.of("a", "b")) {
                String id = stream + "-" + i;
                List<ProducerRecord<byte[], byte[]>> sagaEvents = switch (i % 4) {
                    case 0 -> events.completedSaga(id, start);
                    case 1 -> events.compensatedSaga(id, start);
                    case 2 -> List.of(events.orderCreated(id, start), events.stockReserved(id, start.plusSeconds(1)));
                    default -> List.of(events.orderCreated(id, start), events.stockReserved(id, start.plusSeconds(1)),
                            events.paymentFailed(id, start.plusSeconds(2)));
                };
                (stream.equals("a") ? inOrder : scrambled).add(sagaEvents);
            }
        }
        OrderEvents.send(producer, inOrder.stream().flatMap(List::stream).toList());
        List<ProducerRecord<byte[], byte[]>> twiceShuffled = new ArrayList<>();
        scrambled.forEach(twiceShuffled::addAll);
        scrambled.forEach(twiceShuffled::addAll);
        Collections.shuffle(twiceShuffled, random);
        OrderEvents.send(producer, twiceShuffled);

        String stateColumns = """
                status, current_step, next_event, responsible_service, stuck_reason, started_at, last_progress_at,
                step_deadline, saga_deadline, ended_at, event_count, progress::text,
                replace(business_keys::text, substr(correlation_key, 1, 2), '') AS keys""";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.queryForObject("""
                SELECT count(*) FROM saga_event e JOIN saga_instance s ON s.id = e.saga_id
                WHERE s.correlation_key ~ '^[ab]-'""", Integer.class)).isEqualTo(2 * 60 * 7 / 2));
        // being stuck depends on the clock: compare once the scan has nothing left to mark
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForObject(
                "SELECT count(*) FROM saga_instance WHERE correlation_key ~ '^[ab]-' AND due_at <= now()",
                Integer.class)).isZero());
        // every saga of the 'b' stream, duplicated and shuffled, equals its 'a' twin, received in order
        List<Map<String, Object>> a = db.queryForList("SELECT " + stateColumns
                + " FROM saga_instance WHERE correlation_key LIKE 'a-%' ORDER BY substr(correlation_key, 3)");
        List<Map<String, Object>> b = db.queryForList("SELECT " + stateColumns
                + " FROM saga_instance WHERE correlation_key LIKE 'b-%' ORDER BY substr(correlation_key, 3)");
        assertThat(a).hasSize(60);
        assertThat(b).isEqualTo(a);
        assertThat(a).extracting(r -> r.get("status")).contains("COMPLETED", "COMPENSATED", "STUCK");
    }

    @Test
    void poisonRecordsGoToDeadLettersAndTheRecordsAfterThemAreApplied() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ProducerRecord<byte[], byte[]> badJson = new ProducerRecord<>(saga.payments, OrderEvents.bytes("o-poison"),
                OrderEvents.bytes("{\"eventType\":\"PaymentCompleted\",\"orderId\":"));
        ProducerRecord<byte[], byte[]> noKey = new ProducerRecord<>(saga.payments, null,
                OrderEvents.bytes("{\"eventId\":\"x1\",\"eventType\":\"PaymentCompleted\",\"paymentId\":\"p-9\"}"));
        ProducerRecord<byte[], byte[]> noId = new ProducerRecord<>(saga.inventory, null, OrderEvents.bytes("{}"));
        noId.headers().add("ce_specversion", OrderEvents.bytes("1.0")).add("ce_type", OrderEvents.bytes("com.shop.stock.reserved"));
        ProducerRecord<byte[], byte[]> unknownType = new ProducerRecord<>(saga.payments, null,
                OrderEvents.bytes("{\"eventType\":\"PaymentRefunded\",\"orderId\":\"o-poison\"}"));
        List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
        stream.add(events.orderCreated("o-poison", now));
        stream.addAll(List.of(badJson, noKey, noId, unknownType));
        stream.add(events.stockReserved("o-poison", now.plusSeconds(1)));
        stream.add(events.paymentCompleted("o-poison", now.plusSeconds(2)));
        stream.add(events.orderConfirmed("o-poison", now.plusSeconds(3)));
        OrderEvents.send(producer, stream);

        awaitSaga("o-poison", "COMPLETED", 4);
        List<Map<String, Object>> dead = db.queryForList(
                "SELECT reason, raw_value, topic FROM dead_letter WHERE topic LIKE ? ORDER BY kafka_offset",
                saga.prefix + "%");
        assertThat(dead).extracting(r -> (String) r.get("reason")).anySatisfy(reason ->
                        assertThat(reason).startsWith("the record value is not valid JSON"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo(
                        "missing correlation key (field /orderId) for saga order-placement event PaymentCompleted"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("binary CloudEvent without ce_id header"));
        assertThat(dead).extracting(r -> new String((byte[]) r.get("raw_value")))
                .contains("{\"eventType\":\"PaymentCompleted\",\"orderId\":");
        assertThat(db.queryForObject("SELECT count FROM unmatched_event WHERE topic = ? AND event_type = 'PaymentRefunded'",
                Long.class, saga.payments)).isEqualTo(1L);
    }

    /**
     * Waits until the saga shows {@code status} with all {@code events} sent so far applied: a saga's events travel
     * on several topics, whose partitions another consumer of the group may own, so they need not arrive together.
     */
    private static Map<String, Object> awaitSaga(String orderId, String status, int events) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Map<String, Object>> rows = db.queryForList(
                    "SELECT *, business_keys::text AS business_keys FROM saga_instance WHERE correlation_key = ?", orderId);
            return rows.isEmpty() ? null : rows.getFirst();
        }, row -> row != null && status.equals(row.get("status")) && Integer.valueOf(events).equals(row.get("event_count")));
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((java.sql.Timestamp) value).toInstant();
    }
}
