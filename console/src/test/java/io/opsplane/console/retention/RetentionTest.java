package io.opsplane.console.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Data aged on purpose (indices named for days long past, sagas, actions, deliveries and dead letters whose times
 * are moved back by SQL), then a pass by hand through the API: exactly what is due goes, in batches of two, and
 * nothing else: young data, an old saga with an action still open, a pending delivery, indices whose names only
 * look like ours. The dry run and the listing announce the same, and the pass is audited.
 */
class RetentionTest {

    private static final DateTimeFormatter JAEGER_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter LOG_DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

    @Test
    void aPassRemovesExactlyWhatIsPastItsTime() {
        OrderSaga saga = OrderSaga.create();
        String prefix = TestElasticsearch.uniquePrefix();
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabaseWithRoles(),
                        saga.writeDefinition(Duration.ofMinutes(5))).elasticsearch(prefix)
                .property("opsplane.retention.batch-size", "2").property("opsplane.retention.pause", "0s").start()) {
            ApiClient api = opsplane.api();
            JdbcTemplate db = opsplane.jdbc();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);

            // indices: spans and services kept 7 days, dependencies 30, logs 7
            List<String> due = List.of(
                    prefix + "-jaeger-span-" + JAEGER_DAY.format(today.minusDays(30)),
                    prefix + "-jaeger-span-2020-01-01",
                    prefix + "-jaeger-service-" + JAEGER_DAY.format(today.minusDays(9)),
                    prefix + "-jaeger-dependencies-" + JAEGER_DAY.format(today.minusDays(40)),
                    prefix + "-logs-otel-" + LOG_DAY.format(today.minusDays(10)));
            List<String> young = List.of(
                    prefix + "-jaeger-span-" + JAEGER_DAY.format(today),
                    prefix + "-jaeger-span-" + JAEGER_DAY.format(today.minusDays(5)),
                    prefix + "-jaeger-dependencies-" + JAEGER_DAY.format(today.minusDays(10)),
                    prefix + "-logs-otel-" + LOG_DAY.format(today));
            List<String> notOurs = List.of(
                    prefix + "-jaeger-span-2020-01-01-restored",
                    prefix + "-jaeger-span-2020-02-30",
                    prefix + "-jaeger-span-2020.01.01",
                    prefix + "-jaeger-span-archive",
                    prefix + "-logs-otel-2020-01-01",
                    prefix + "x-jaeger-span-2020-01-01",
                    "other-" + prefix + "-jaeger-span-2020-01-01");
            List<String> all = new ArrayList<>();
            all.addAll(due);
            all.addAll(young);
            all.addAll(notOurs);
            try {
                for (String index : all) {
                    TestElasticsearch.send("PUT", "/" + index, "{}");
                }
                TestElasticsearch.send("POST", "/" + young.getFirst() + "/_doc?refresh=true", "{\"note\":\"young\"}");

                // sagas: four completed and aged, one of them with an action still open; two young; one running
                OrderEvents events = new OrderEvents(saga);
                Instant start = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
                List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
                for (String order : List.of("old-0", "old-1", "old-2", "old-busy", "young-0", "young-1")) {
                    stream.addAll(events.completedSaga(order, start));
                }
                stream.add(events.orderCreated("running", start));
                try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
                    OrderEvents.send(producer, stream);
                }
                await("the sagas ingested").atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject(
                        "SELECT count(*) FROM saga_instance WHERE ended_at IS NOT NULL", Long.class) == 6
                        && db.queryForObject("SELECT count(*) FROM saga_instance", Long.class) == 7);
                db.update("UPDATE saga_instance SET started_at = now() - interval '41 days',"
                        + " ended_at = now() - interval '40 days'"
                        + " WHERE correlation_key IN ('old-0', 'old-1', 'old-2', 'old-busy')");
                db.update("UPDATE saga_instance SET started_at = now() - interval '41 days' WHERE correlation_key = 'running'");
                Map<String, Long> ids = new LinkedHashMap<>();
                db.query("SELECT correlation_key, id FROM saga_instance", rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
                long eventsOfYoung = count(db, "SELECT count(*) FROM saga_event WHERE saga_id IN (?, ?)",
                        ids.get("young-0"), ids.get("young-1"));
                long keysOfYoung = count(db, "SELECT count(*) FROM saga_key WHERE saga_id IN (?, ?)",
                        ids.get("young-0"), ids.get("young-1"));
                assertThat(keysOfYoung).as("correlation key, business keys and trace id").isGreaterThan(2);
                db.update("INSERT INTO saga_stuck_mark (saga_id, reason, marked_at, marked_by)"
                        + " VALUES (?, 'STEP_TIMEOUT', now() - interval '40 days', 'test')", ids.get("old-0"));

                // actions: finished long ago (goes, with its command and outbox row), finished lately, open long ago
                long oldAction = action(db, ids.get("old-0"), "VERIFIED", "old-done", 40);
                long youngAction = action(db, ids.get("young-0"), "VERIFIED", "young-done", 1);
                long openAction = action(db, ids.get("old-busy"), "IN_PROGRESS", "old-open", 40);

                // deliveries: delivered long ago (goes, with its attempt), pending long ago, delivered lately
                long oldDelivery = delivery(db, "delivered", 40);
                long pendingDelivery = delivery(db, "pending", 40);
                long youngDelivery = delivery(db, "delivered", 1);

                // dead letters
                db.update("""
                        INSERT INTO dead_letter (topic, kafka_partition, kafka_offset, reason, received_at)
                        VALUES ('t', 0, 1, 'old', now() - interval '40 days'), ('t', 0, 2, 'young', now())""");

                // the listing and the dry run announce exactly this, and remove nothing
                JsonNode report = api.getJson("/api/retention");
                assertThat(report.path("elasticsearchProblem").isNull()).isTrue();
                assertThat(names(report.path("indices"))).containsExactlyInAnyOrderElementsOf(concat(due, young));
                assertThat(names(report.path("indices"), true)).containsExactlyInAnyOrderElementsOf(due);
                JsonNode youngSpans = find(report.path("indices"), "name", young.getFirst());
                assertThat(youngSpans.path("docs").asLong()).isEqualTo(1);
                assertThat(youngSpans.path("bytes").asLong()).isPositive();
                assertThat(youngSpans.path("kind").asString()).isEqualTo("spans");
                assertThat(find(report.path("kinds"), "kind", "spans").path("due").asLong()).isEqualTo(3);
                assertThat(find(report.path("kinds"), "kind", "spans").path("keep").asString()).isEqualTo("7d");
                assertThat(find(report.path("kinds"), "kind", "sagas").path("due").asLong()).isEqualTo(3);
                assertThat(find(report.path("kinds"), "kind", "actions").path("due").asLong()).isEqualTo(1);
                assertThat(find(report.path("kinds"), "kind", "deliveries").path("due").asLong()).isEqualTo(1);
                assertThat(find(report.path("kinds"), "kind", "dead-letters").path("due").asLong()).isEqualTo(1);
                assertThat(find(report.path("kinds"), "kind", "audit").path("keep").asString()).isEqualTo("forever");
                JsonNode instances = find(report.path("tables"), "name", "saga_instance");
                assertThat(instances.path("rows").asLong()).isEqualTo(7);
                assertThat(instances.path("bytes").asLong()).isPositive();
                assertThat(instances.path("kind").asString()).isEqualTo("sagas");
                assertThat(names(report.path("tables"))).contains("saga_event", "saga_key", "operator_action",
                        "alert_delivery", "dead_letter", "operator_audit");

                JsonNode dry = json(api, "/api/retention/run?dryRun=true");
                assertThat(dry.path("dryRun").asBoolean()).isTrue();
                assertThat(strings(dry.path("indices"))).containsExactlyInAnyOrderElementsOf(due);
                assertThat(dry.path("rows").path("sagas").asLong()).isEqualTo(3);
                assertThat(count(db, "SELECT count(*) FROM saga_instance")).isEqualTo(7);
                for (String index : due) {
                    assertThat(exists(index)).as(index + " after a dry run").isTrue();
                }

                // only an ADMIN sees or runs it
                assertThat(api.as(TestUsers.OPERATOR).get("/api/retention").statusCode()).isEqualTo(403);
                assertThat(api.as(TestUsers.OPERATOR).postJson("/api/retention/run", "{}").statusCode()).isEqualTo(403);

                // the pass
                JsonNode pass = json(api, "/api/retention/run?reason=disk%20at%2080%25");
                assertThat(pass.path("dryRun").asBoolean()).isFalse();
                assertThat(strings(pass.path("indices"))).containsExactlyInAnyOrderElementsOf(due);
                assertThat(pass.path("rows").path("sagas").asLong()).isEqualTo(3);
                assertThat(pass.path("rows").path("actions").asLong()).isEqualTo(1);
                assertThat(pass.path("rows").path("deliveries").asLong()).isEqualTo(1);
                assertThat(pass.path("rows").path("dead-letters").asLong()).isEqualTo(1);

                for (String index : due) {
                    assertThat(exists(index)).as(index).isFalse();
                }
                for (String index : concat(young, notOurs)) {
                    assertThat(exists(index)).as(index).isTrue();
                }

                assertThat(strings(db.queryForList("SELECT correlation_key FROM saga_instance", String.class)))
                        .containsExactlyInAnyOrder("old-busy", "young-0", "young-1", "running");
                Long[] gone = {ids.get("old-0"), ids.get("old-1"), ids.get("old-2")};
                assertThat(count(db, "SELECT count(*) FROM saga_event WHERE saga_id = ANY (?)", (Object) gone)).isZero();
                assertThat(count(db, "SELECT count(*) FROM saga_key WHERE saga_id = ANY (?)", (Object) gone)).isZero();
                assertThat(count(db, "SELECT count(*) FROM saga_stuck_mark WHERE saga_id = ANY (?)", (Object) gone)).isZero();
                assertThat(count(db, "SELECT count(*) FROM saga_event WHERE saga_id IN (?, ?)", ids.get("young-0"),
                        ids.get("young-1"))).isEqualTo(eventsOfYoung);
                assertThat(count(db, "SELECT count(*) FROM saga_key WHERE saga_id IN (?, ?)", ids.get("young-0"),
                        ids.get("young-1"))).isEqualTo(keysOfYoung);
                assertThat(api.getJson("/api/sagas?correlationKey=old-1").path("items").size()).isZero();
                assertThat(api.getJson("/api/sagas?q=" + OrderEvents.traceIdOf("young-1")).path("items").size()).isEqualTo(1);

                assertThat(db.queryForList("SELECT id FROM operator_action ORDER BY id", Long.class))
                        .containsExactly(youngAction, openAction);
                assertThat(count(db, "SELECT count(*) FROM operator_action_item WHERE action_id = ?", oldAction)).isZero();
                assertThat(db.queryForList("SELECT idempotency_key FROM command_outbox", String.class))
                        .containsExactlyInAnyOrder("young-done", "old-open");
                assertThat(db.queryForList("SELECT id FROM alert_delivery ORDER BY id", Long.class))
                        .containsExactly(pendingDelivery, youngDelivery);
                assertThat(count(db, "SELECT count(*) FROM alert_delivery_attempt WHERE delivery_id = ?", oldDelivery)).isZero();
                assertThat(db.queryForList("SELECT reason FROM dead_letter", String.class)).containsExactly("young");

                // audited, and nothing is due any more
                JsonNode audit = api.getJson("/api/audit?action=RETENTION_RUN").path("items");
                assertThat(audit.size()).isEqualTo(1);
                assertThat(audit.get(0).path("actor").asString()).isEqualTo(TestUsers.ADMIN);
                assertThat(audit.get(0).path("reason").asString()).isEqualTo("disk at 80%");
                assertThat(audit.get(0).path("outcome").asString()).startsWith("5 indices, 3 sagas");
                JsonNode after = api.getJson("/api/retention");
                assertThat(names(after.path("indices"), true)).isEmpty();
                assertThat(after.path("kinds").valueStream().mapToLong(k -> k.path("due").asLong()).sum()).isZero();
            } finally {
                for (String index : all) {
                    if (exists(index)) {
                        TestElasticsearch.send("DELETE", "/" + index, null);
                    }
                }
            }
        }
    }

    /**
     * The schedule: with retention on, passes run by themselves (Quartz, every second here) and remove what is due,
     * rows even while Elasticsearch cannot be reached (none is configured); scheduled passes are not audited.
     */
    @Test
    void passesRunOnTheScheduleEvenWithoutElasticsearch() {
        try (OpsplaneInstance opsplane = OpsplaneInstance.withOrderSaga().property("opsplane.retention.enabled", "true")
                .property("opsplane.retention.interval", "1s")
                .elasticsearchAway().start()) {
            JdbcTemplate db = opsplane.jdbc();
            SagaRow.completed("scheduled-old").ago(Duration.ofDays(41), Duration.ofDays(40)).insert(db);
            SagaRow.completed("scheduled-young").ago(Duration.ofDays(2), Duration.ofDays(1)).insert(db);
            await("the old saga removed by a scheduled pass").atMost(Duration.ofSeconds(60)).until(() ->
                    db.queryForList("SELECT correlation_key FROM saga_instance", String.class),
                    keys -> keys.equals(List.of("scheduled-young")));
            assertThat(count(db, "SELECT count(*) FROM operator_audit WHERE action = 'RETENTION_RUN'")).isZero();
            assertThat(opsplane.api().getJson("/api/retention").path("elasticsearchProblem").asString())
                    .contains("Elasticsearch unreachable");
        }
    }

    private static long action(JdbcTemplate db, long sagaId, String status, String key, int daysAgo) {
        boolean finished = !status.equals("IN_PROGRESS");
        long id = db.queryForObject("""
                INSERT INTO operator_action (saga_id, saga_type, correlation_key, kind, attempt, status, origin,
                    requested_by, reason, requested_at, decided_at, finished_at)
                VALUES (?, 'order-placement', ?, 'COMPENSATE', 1, ?, 'MANUAL', 'ops-anna', 'test',
                    now() - make_interval(days => ?), now() - make_interval(days => ?),
                    CASE WHEN ? THEN now() - make_interval(days => ?) END) RETURNING id""",
                Long.class, sagaId, key, status, daysAgo, daysAgo, finished, daysAgo);
        db.update("""
                INSERT INTO operator_action_item (action_id, seq, saga_id, step, command_type, url, idempotency_key,
                    expected_event, expects, timeout_ms, envelope, state)
                VALUES (?, 1, ?, 'reserve-stock', 'ReleaseStock', 'http://inventory.internal/commands', ?,
                    'StockReleased', 'STEP_COMPENSATED', 30000, '{}', ?)""",
                id, sagaId, key, finished ? "VERIFIED" : "SENT");
        db.update("""
                INSERT INTO command_outbox (action_id, seq, idempotency_key, url, record_key, envelope, created_at,
                    next_attempt_at, sent_at)
                VALUES (?, 1, ?, 'http://inventory.internal/commands', 'k', '{}', now() - make_interval(days => ?),
                    now() - make_interval(days => ?), now() - make_interval(days => ?))""",
                id, key, daysAgo, daysAgo, daysAgo);
        return id;
    }

    private static long delivery(JdbcTemplate db, String status, int daysAgo) {
        long id = db.queryForObject("""
                INSERT INTO alert_delivery (receiver, group_key, kind, webhook_id, body, status, next_attempt_at, created_at)
                VALUES ('ops', 'g', 'test', gen_random_uuid()::text, '{}', ?,
                    -- a pending one's next attempt is a day away, so the worker leaves it pending in the test
                    now() + interval '1 day', now() - make_interval(days => ?)) RETURNING id""",
                Long.class, status, daysAgo);
        db.update("""
                INSERT INTO alert_delivery_attempt (delivery_id, attempted_at, status_code, duration_ms, sent_by)
                VALUES (?, now() - make_interval(days => ?), 200, 1.5, 'test')""", id, daysAgo);
        return id;
    }

    private static long count(JdbcTemplate db, String sql, Object... args) {
        return db.queryForObject(sql, Long.class, args);
    }

    private static boolean exists(String index) {
        try {
            TestElasticsearch.send("HEAD", "/" + index, null);
            return true;
        } catch (IllegalStateException notFound) {
            return false;
        }
    }

    private static JsonNode json(ApiClient api, String path) {
        var response = api.postJson(path, "{}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.JSON.readTree(response.body());
    }

    private static List<String> names(JsonNode rows) {
        return rows.valueStream().map(row -> row.path("name").asString()).toList();
    }

    private static List<String> names(JsonNode rows, boolean due) {
        return rows.valueStream().filter(row -> row.path("due").asBoolean() == due)
                .map(row -> row.path("name").asString()).toList();
    }

    private static JsonNode find(JsonNode rows, String field, String value) {
        return rows.valueStream().filter(row -> row.path(field).asString().equals(value)).findFirst().orElseThrow(
                () -> new AssertionError("no " + field + " " + value + " in " + rows));
    }

    private static List<String> strings(JsonNode values) {
        return values.valueStream().map(JsonNode::asString).toList();
    }

    private static List<String> strings(List<String> values) {
        return values;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
