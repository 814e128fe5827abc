package io.opsplane.console.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opsplane.console.stuck.StuckScanner;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Restarts and several console instances over one database. */
class SagaClusterTest {

    @Test
    void restartingMidStreamLosesAndDuplicatesNothing() throws InterruptedException {
        OrderSaga saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        TestPostgres.RoleDatabase database = TestPostgres.newDatabaseWithRoles();
        String sagas = saga.writeDefinition(Duration.ofMinutes(5));
        String group = "restart-" + saga.prefix;
        int sagaCount = 1_500;
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
        for (int i = 0; i < sagaCount; i++) {
            stream.addAll(events.completedSaga("r-" + i, start.plusMillis(i)));
        }
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, stream);
        }

        // small batches so the first instance is stopped with part of the stream applied and part not
        OpsplaneInstance first = OpsplaneInstance.on(database, sagas).groupId(group)
                .property("spring.kafka.consumer.max-poll-records", 20).start();
        JdbcTemplate db = first.jdbc();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> count(db, "SELECT count(*) FROM saga_event") > 400);
        int appliedBeforeStop = count(db, "SELECT count(*) FROM saga_event");
        first.close();
        assertThat(appliedBeforeStop).as("the first instance stopped mid-stream").isLessThan(stream.size());

        try (OpsplaneInstance second = OpsplaneInstance.on(database, sagas).groupId(group).start()) {
            JdbcTemplate again = second.jdbc();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    count(again, "SELECT count(*) FROM saga_event")).isEqualTo(stream.size()));
            // the group's committed offsets are at the end: nothing more is coming, nothing was applied twice
            Thread.sleep(1_000);
            assertThat(count(again, "SELECT count(*) FROM saga_event")).isEqualTo(stream.size());
            assertThat(count(again, "SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED'")).isEqualTo(sagaCount);
            assertThat(count(again, "SELECT count(*) FROM saga_instance WHERE event_count <> 4")).isZero();
            assertThat(count(again, "SELECT count(*) FROM dead_letter")).isZero();
        }
    }

    @Test
    void twoInstancesShareTheStreamAndNeverBothMarkAnInstanceStuck() {
        OrderSaga saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        TestPostgres.RoleDatabase database = TestPostgres.newDatabaseWithRoles();
        String sagas = saga.writeDefinition(Duration.ofSeconds(1));
        String group = "pair-" + saga.prefix;
        try (OpsplaneInstance a = OpsplaneInstance.on(database, sagas).groupId(group).node("node-a")
                .property("opsplane.stuck.scan-interval", "200ms").start();
             OpsplaneInstance b = OpsplaneInstance.on(database, sagas).groupId(group).node("node-b")
                     .property("opsplane.stuck.scan-interval", "200ms").start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            JdbcTemplate db = a.jdbc();
            // every saga waits on payment, whose one-second timeout runs out while both instances scan
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                stream.add(events.orderCreated("p-" + i, start));
                stream.add(events.stockReserved("p-" + i, start.plusMillis(i)));
            }
            OrderEvents.send(producer, stream);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    count(db, "SELECT count(*) FROM saga_instance WHERE status = 'STUCK'")).isEqualTo(400));
            assertThat(count(db, "SELECT count(*) FROM saga_stuck_mark")).isEqualTo(400);
            assertThat(count(db, "SELECT count(DISTINCT saga_id) FROM saga_stuck_mark")).isEqualTo(400);

            // and when both scan the same due rows at the same moment, each row is marked by one of them
            db.update("""
                    UPDATE saga_instance SET status = 'RUNNING', stuck_reason = NULL, stuck_since = NULL,
                                             due_at = now() - interval '1 minute'""");
            db.update("DELETE FROM saga_stuck_mark");
            Instant now = Instant.now();
            CompletableFuture<Integer> byA = CompletableFuture.supplyAsync(() -> a.bean(StuckScanner.class).scan(now, "direct-a"));
            CompletableFuture<Integer> byB = CompletableFuture.supplyAsync(() -> b.bean(StuckScanner.class).scan(now, "direct-b"));
            int markedByScans = byA.join() + byB.join();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(count(db, "SELECT count(*) FROM saga_instance WHERE status = 'STUCK'")).isEqualTo(400));
            assertThat(count(db, "SELECT count(*) FROM saga_stuck_mark")).isEqualTo(400);
            assertThat(count(db, "SELECT count(DISTINCT saga_id) FROM saga_stuck_mark")).isEqualTo(400);
            assertThat(markedByScans).isLessThanOrEqualTo(400);
        }
    }

    @Test
    void twoInstancesApplyingTheSameEventsAtOnceApplyEachEventOnce() {
        OrderSaga saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        TestPostgres.RoleDatabase database = TestPostgres.newDatabaseWithRoles();
        String sagas = saga.writeDefinition(Duration.ofMinutes(5));
        int sagaCount = 1_000;
        // long overdue, so the stuck scans mark instances while both instances are writing them too
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
        for (int i = 0; i < sagaCount; i++) {
            stream.addAll(events.completedSaga("both-" + i, start.plusMillis(i)));
        }
        // two consumer groups: each instance reads every event, so both write the same rows at the same time
        try (OpsplaneInstance a = OpsplaneInstance.on(database, sagas).groupId("a-" + saga.prefix).node("node-a")
                .property("spring.kafka.consumer.max-poll-records", 40).start();
             OpsplaneInstance b = OpsplaneInstance.on(database, sagas).groupId("b-" + saga.prefix).node("node-b")
                     .property("spring.kafka.consumer.max-poll-records", 40).start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, stream);
            JdbcTemplate db = a.jdbc();
            MeterRegistry metersA = a.bean(MeterRegistry.class);
            MeterRegistry metersB = b.bean(MeterRegistry.class);
            // every event reaches both instances: once applied, once a duplicate
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                    outcomes(metersA, "applied") + outcomes(metersA, "duplicate")
                            + outcomes(metersB, "applied") + outcomes(metersB, "duplicate")).isEqualTo(2 * stream.size()));
            assertThat(outcomes(metersA, "applied") + outcomes(metersB, "applied")).isEqualTo(stream.size());
            assertThat(count(db, "SELECT count(*) FROM saga_event")).isEqualTo(stream.size());
            assertThat(count(db, "SELECT count(*) FROM saga_instance")).isEqualTo(sagaCount);
            assertThat(count(db, "SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED'")).isEqualTo(sagaCount);
            assertThat(count(db, "SELECT count(*) FROM saga_instance WHERE event_count <> 4")).isZero();
            assertThat(count(db, """
                    SELECT count(*) FROM saga_instance
                    WHERE business_keys ->> 'orderId' IS NOT NULL AND business_keys ->> 'memberId' IS NOT NULL
                      AND business_keys ->> 'paymentId' IS NOT NULL AND cardinality(trace_ids) = 1"""))
                    .isEqualTo(sagaCount);
            // correlation key, member id, payment id and trace id: each once
            assertThat(count(db, "SELECT count(*) FROM saga_key")).isEqualTo(4 * sagaCount);
        }
    }

    private static long outcomes(MeterRegistry meters, String outcome) {
        Counter counter = meters.find("opsplane.ingest.events").tag("outcome", outcome).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    @Test
    void aBatchTheDatabaseRefusesIsRetriedUntilItIsAppliedAndNothingIsSkipped() throws InterruptedException {
        OrderSaga saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                saga.writeDefinition(Duration.ofMinutes(5))).start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            JdbcTemplate db = opsplane.jdbc();
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            OrderEvents.send(producer, events.completedSaga("db-before", start));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    count(db, "SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED'") == 1);

            // every write of a batch now fails, as it would with the database gone
            db.execute("ALTER TABLE saga_event RENAME TO saga_event_away");
            List<ProducerRecord<byte[], byte[]>> during = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                during.addAll(events.completedSaga("db-during-" + i, start.plusMillis(i)));
            }
            OrderEvents.send(producer, during);
            Thread.sleep(3_000);
            assertThat(count(db, "SELECT count(*) FROM saga_instance WHERE correlation_key LIKE 'db-during-%'"))
                    .as("nothing is applied while the database refuses").isZero();
            db.execute("ALTER TABLE saga_event_away RENAME TO saga_event");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(db,
                    "SELECT count(*) FROM saga_instance WHERE correlation_key LIKE 'db-during-%' AND status = 'COMPLETED'"))
                    .isEqualTo(50));
            assertThat(count(db, "SELECT count(*) FROM saga_event")).isEqualTo(4 + during.size());
            assertThat(count(db, "SELECT count(*) FROM dead_letter")).isZero();
        }
    }

    private static int count(JdbcTemplate db, String sql) {
        Integer n = db.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
