package io.opsplane.console.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opsplane.console.stuck.StuckScanner;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Restarts and several console instances over one database. */
class SagaClusterTest {

    /** An order saga on topics of its own, and one database with the deployed roles for all the nodes it runs on. */
    private record Cluster(OrderSaga saga, OrderEvents events, TestPostgres.RoleDatabase database, String sagas) {

        static Cluster of(OrderSaga saga, Duration paymentTimeout) {
            return new Cluster(saga, new OrderEvents(saga), TestPostgres.newDatabaseWithRoles(),
                    saga.writeDefinition(paymentTimeout));
        }

        /** A consumer group no other test uses. */
        String group(String name) {
            return name + "-" + saga.prefix;
        }

        /** One more instance of the cluster, a node of its own once named; not started yet. */
        OpsplaneInstance.Builder instance() {
            return OpsplaneInstance.on(database, sagas);
        }
    }

    @Test
    void restartingMidStreamLosesAndDuplicatesNothing() {
        Cluster cluster = Cluster.of(OrderSaga.create(), Duration.ofMinutes(5));
        OrderEvents events = cluster.events();
        String group = cluster.group("restart");
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
        OpsplaneInstance first = cluster.instance().groupId(group)
                .property("spring.kafka.consumer.max-poll-records", 20).start();
        JdbcTemplate db = first.jdbc();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> count(db, "SELECT count(*) FROM saga_event") > 400);
        int appliedBeforeStop = count(db, "SELECT count(*) FROM saga_event");
        first.close();
        assertThat(appliedBeforeStop).as("the first instance stopped mid-stream").isLessThan(stream.size());

        try (OpsplaneInstance second = cluster.instance().groupId(group).start()) {
            JdbcTemplate again = second.jdbc();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    count(again, "SELECT count(*) FROM saga_event")).isEqualTo(stream.size()));
            // once the group's committed offsets are at the end, nothing more is coming: nothing was applied twice
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.bootstrapServers()))) {
                await("the group committed to the end").atMost(Duration.ofSeconds(30))
                        .until(() -> uncommitted(admin, cluster.saga(), group) == 0);
            }
            assertThat(count(again, "SELECT count(*) FROM saga_event")).isEqualTo(stream.size());
            assertThat(count(again, "SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED'")).isEqualTo(sagaCount);
            assertThat(count(again, "SELECT count(*) FROM saga_instance WHERE event_count <> 4")).isZero();
            assertThat(count(again, "SELECT count(*) FROM dead_letter")).isZero();
        }
    }

    @Test
    void twoInstancesShareTheStreamAndNeverBothMarkAnInstanceStuck() {
        Cluster cluster = Cluster.of(OrderSaga.create(), Duration.ofSeconds(1));
        OrderEvents events = cluster.events();
        String group = cluster.group("pair");
        try (OpsplaneInstance a = cluster.instance().groupId(group).node("node-a")
                .property("opsplane.stuck.scan-interval", "200ms").start();
             OpsplaneInstance b = cluster.instance().groupId(group).node("node-b")
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
            assertThat(a.bean(SagaQueries.class).counts().stuckByStep())
                    .as("the overview's stuck sagas by step, counted as the scans of both marked them")
                    .containsExactly(new SagaCounts.ByTypeAndStep("order-placement", "charge-payment", 400));
        }
    }

    @Test
    void twoInstancesApplyingTheSameEventsAtOnceApplyEachEventOnce() {
        Cluster cluster = Cluster.of(OrderSaga.create(), Duration.ofMinutes(5));
        OrderEvents events = cluster.events();
        int sagaCount = 1_000;
        // long overdue, so the stuck scans mark instances while both instances are writing them too
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
        for (int i = 0; i < sagaCount; i++) {
            stream.addAll(events.completedSaga("both-" + i, start.plusMillis(i)));
        }
        // two consumer groups: each instance reads every event, so both write the same rows at the same time
        try (OpsplaneInstance a = cluster.instance().groupId(cluster.group("a")).node("node-a")
                .property("spring.kafka.consumer.max-poll-records", 40).start();
             OpsplaneInstance b = cluster.instance().groupId(cluster.group("b")).node("node-b")
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
            // both instances wrote the same rows at once, as the application role: the kept counts saw each change once
            b.bean(SagaStore.class).foldCounts();
            assertThat(a.bean(SagaQueries.class).counts().byTypeAndStatus()).containsExactly(
                    new SagaCounts.ByTypeAndStatus("order-placement", SagaStatus.COMPLETED, sagaCount));
        }
    }

    /**
     * One of two replicas is killed with SIGKILL (no leave-group, no commit): the other takes over its partitions
     * within 15 s (the consumer session timeout, 8 s, and a heartbeat), and every event is applied exactly once.
     */
    @Test
    void aReplicaKilledWithoutWarningHandsItsPartitionsOverWithinFifteenSeconds() throws Exception {
        Cluster cluster = Cluster.of(OrderSaga.create(6), Duration.ofMinutes(5));
        OrderEvents events = cluster.events();
        String group = cluster.group("failover");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        java.nio.file.Path log = java.nio.file.Files.createTempFile("opsplane-replica-", ".log");
        Process replica = cluster.instance().groupId(group).node("node-b").startProcess(port, log);
        try (OpsplaneInstance survivor = cluster.instance().groupId(group).node("node-a").start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            JdbcTemplate db = survivor.jdbc();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            await("the replica in the group").atMost(Duration.ofSeconds(120)).until(() -> {
                assertThat(replica.isAlive()).as("the replica runs; see " + log).isTrue();
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://localhost:" + port + "/actuator/health/readiness")).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (java.io.IOException notYet) {
                    return false;
                }
            });
            await("both replicas consuming").atMost(Duration.ofSeconds(30)).until(() -> {
                var kafka = survivor.api().getJson("/actuator/health").path("components").path("kafka").path("details");
                return kafka.path("groupMembers").asInt() == 4 && kafka.path("groupState").asString().equals("Stable");
            });
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<ProducerRecord<byte[], byte[]>> before = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                before.add(events.orderCreated("before-" + i, start));
            }
            OrderEvents.send(producer, before);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, "SELECT count(*) FROM saga_instance") == 600);

            replica.destroyForcibly().waitFor();
            Instant killed = Instant.now();
            List<ProducerRecord<byte[], byte[]>> after = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                after.add(events.orderCreated("after-" + i, start));
            }
            OrderEvents.send(producer, after);
            await("every partition consumed again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> count(db, "SELECT count(*) FROM saga_instance") == 1200);
            System.out.println("Partitions of the killed replica resumed " + Duration.between(killed, Instant.now()).toMillis()
                    + " ms after the kill");
            assertThat(count(db, "SELECT count(*) FROM saga_event")).isEqualTo(1200);
            assertThat(count(db, "SELECT count(*) FROM dead_letter")).isZero();
        } finally {
            replica.destroyForcibly();
        }
    }

    /** Records of the saga's event topics that {@code group} has not committed yet. */
    private static long uncommitted(Admin admin, OrderSaga saga, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(List.of(saga.orders, saga.inventory, saga.payments)).allTopicNames().get()
                .forEach((topic, description) -> description.partitions().forEach(partition ->
                        ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
        long behind = 0;
        for (var end : admin.listOffsets(ends).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            behind += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return behind;
    }

    /** Batches the saga listener failed to handle, as Spring Kafka times them. */
    private static long refusedBatches(MeterRegistry meters) {
        return meters.find("spring.kafka.listener").tag("result", "failure").timers().stream()
                .filter(timer -> String.valueOf(timer.getId().getTag("name")).startsWith("saga-ingest"))
                .mapToLong(Timer::count).sum();
    }

    private static long outcomes(MeterRegistry meters, String outcome) {
        Counter counter = meters.find("opsplane.ingest.events").tag("outcome", outcome).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    @Test
    void aBatchTheDatabaseRefusesIsRetriedUntilItIsAppliedAndNothingIsSkipped() {
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
            // the listener has had its chance: it tried a batch of them, and tried again after a pause
            MeterRegistry meters = opsplane.bean(MeterRegistry.class);
            long refusedBefore = refusedBatches(meters);
            await("the batch refused twice").atMost(Duration.ofSeconds(30))
                    .until(() -> refusedBatches(meters) >= refusedBefore + 2);
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
