package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
 * A bulk compensation of 10,000 stuck sagas: counted first, approved by a second operator, a canary of 10 and a
 * pause for review, then 500 sagas a second, with the application closed mid-way and another started on the
 * same database. Every saga is acted on exactly once: one action each, one command each on the topic.
 */
class BulkJobTest {

    private static final int SAGAS = 10_000;
    private static final int CANARY = 10;
    private static final int RATE = 500;

    @Test
    void aBulkJobOfTenThousandSagasSurvivesARestartAndActsOnEachSagaOnce() throws Exception {
        CompensableOrderSaga saga = CompensableOrderSaga.create();
        String definitions = saga.writeDefinition(Duration.ofSeconds(2), Duration.ofMinutes(10));
        // the console as deployed: a database role that may only append to the audit log
        TestPostgres.RoleDatabase database = TestPostgres.newDatabaseWithRoles();
        Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int i = 0; i < SAGAS; i++) {
                String orderId = "bulk-" + i;
                events.add(saga.events.orderCreated(orderId, start.plusMillis(i)));
                events.add(saga.events.stockReserved(orderId, start.plusMillis(i).plusSeconds(1)));
            }
            OrderEvents.send(producer, events);
        }
        String filter = "{\"type\":\"order-placement\",\"status\":\"STUCK\",\"stuckReason\":\"STEP_TIMEOUT\"}";
        long jobId;
        Instant resumed;
        int processedBeforeRestart;
        // the inventory answers the canary's commands (the oldest ten sagas), so the canary can be seen to work
        try (CommandService service = new CommandService(saga,
                orderId -> Integer.parseInt(orderId.substring("bulk-".length())) >= CANARY)) {
            try (OpsplaneInstance first = instance(database, definitions).start()) {
                ApiClient operator = first.api().as(TestUsers.OPERATOR);
                // every event in, not only every saga stuck: a saga whose OrderCreated is still on its way counts as
                // stuck already, but starts a second late, so "oldest first" would put it behind the canary's ten
                await("10,000 stuck sagas, every event in").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> count(operator, filter) == SAGAS
                                && first.jdbc().queryForObject("SELECT count(*) FROM saga_event", Long.class) == 2L * SAGAS);

                HttpResponse<String> created = operator.postJson("/api/bulk-jobs", """
                        {"filter": %s, "kind": "COMPENSATE", "reason": "inventory incident 42: release held stock",
                         "canarySize": %d, "ratePerSecond": %d, "expectedCount": %d}""".formatted(filter, CANARY, RATE, SAGAS));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                JsonNode job = ApiClient.JSON.readTree(created.body());
                jobId = job.path("id").asLong();
                assertThat(job.path("total").asInt()).isEqualTo(SAGAS);
                assertThat(job.path("status").asString()).as("above the approval threshold").isEqualTo("PENDING_APPROVAL");

                HttpResponse<String> selfApproved = operator.postJson("/api/bulk-jobs/" + jobId + "/approve", "");
                assertThat(selfApproved.statusCode()).isEqualTo(409);
                assertThat(selfApproved.body()).contains("four-eyes");
                assertThat(first.api().postJson("/api/bulk-jobs/" + jobId + "/approve", "").statusCode()).isEqualTo(200);

                JsonNode review = awaitJob(operator, jobId, "REVIEW");
                assertThat(review.path("processed").asInt()).isEqualTo(CANARY);
                await("the canary's commands").atMost(Duration.ofSeconds(30)).until(() -> service.received().size() == CANARY);
                await().during(Duration.ofSeconds(1)).until(() -> service.received().size() == CANARY);
                // the canary's outcome is what the operator reviews: going on waits until its actions are verified
                try {
                    await("the canary's actions verified").atMost(Duration.ofSeconds(60)).until(() ->
                            operator.getJson("/api/bulk-jobs/" + jobId).path("actions").path("VERIFIED").asLong() == CANARY);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(canaryState(first, service, jobId), e);
                }

                assertThat(operator.postJson("/api/bulk-jobs/" + jobId + "/resume", "").statusCode()).isEqualTo(200);
                resumed = Instant.now();
                await("a third of the way").atMost(Duration.ofSeconds(120)).until(() ->
                        operator.getJson("/api/bulk-jobs/" + jobId).path("processed").asInt() >= SAGAS / 3);
            }
            processedBeforeRestart = processed(database.url(), jobId);
            assertThat(processedBeforeRestart).as("closed mid-way").isBetween(SAGAS / 3, SAGAS - 1);

            try (OpsplaneInstance second = instance(database, definitions).start()) {
                ApiClient api = second.api();
                JsonNode done = awaitJob(api, jobId, "DONE");
                Duration took = Duration.between(resumed, Instant.now());
                double rate = (SAGAS - CANARY) / (took.toMillis() / 1000.0);
                System.out.printf("bulk job: %d sagas after the canary in %d ms, restart included: %.0f/s (limit %d/s)%n",
                        SAGAS - CANARY, took.toMillis(), rate, RATE);
                assertThat(rate).as("never faster than the rate limit").isLessThanOrEqualTo(RATE * 1.05);
                assertThat(done.path("processed").asInt()).isEqualTo(SAGAS);
                assertThat(done.path("acted").asInt()).isEqualTo(SAGAS);
                assertThat(done.path("skipped").asInt()).isZero();

                Map<String, Object> actions = second.jdbc().queryForMap("""
                        SELECT count(*) AS actions, count(DISTINCT saga_id) AS sagas FROM operator_action
                        WHERE bulk_job_id = ?""", jobId);
                assertThat(actions).containsEntry("actions", (long) SAGAS).containsEntry("sagas", (long) SAGAS);
                List<JsonNode> items = new ArrayList<>();
                int after = 0;
                JsonNode page;
                do {
                    page = api.getJson("/api/bulk-jobs/" + jobId + "/items?limit=1000&after=" + after);
                    page.forEach(items::add);
                    after = page.isEmpty() ? after : page.get(page.size() - 1).path("seq").asInt();
                } while (page.size() == 1000);
                assertThat(items).hasSize(SAGAS);
                assertThat(items).allSatisfy(item -> {
                    assertThat(item.path("state").asString()).isEqualTo("ACTED");
                    assertThat(item.path("actionId").isNumber()).isTrue();
                });
                // the canary's verified; the others wait for outcomes nobody sends in this test
                assertThat(items).extracting(item -> item.path("actionStatus").asString())
                        .containsOnly("VERIFIED", "IN_PROGRESS").filteredOn("VERIFIED"::equals).hasSize(CANARY);

                await("every command on the topic").atMost(Duration.ofSeconds(60)).until(() ->
                        service.received().size() >= SAGAS);
                await().during(Duration.ofSeconds(2)).until(() -> service.received().size() == SAGAS);
                Map<String, Long> perKey = service.received().stream().collect(Collectors.groupingBy(
                        CommandService.Received::idempotencyKey, Collectors.counting()));
                assertThat(perKey).hasSize(SAGAS);
                assertThat(perKey.values()).containsOnly(1L);
                assertThat(service.received()).extracting(CommandService.Received::type).containsOnly("ReleaseStock");
                assertThat(api.getJson("/api/audit?bulkJobId=" + jobId + "&action=BULK_FINISHED").path("items").size())
                        .isEqualTo(1);
            }
        }
    }

    /** Where the canary's verification stands: the commands' states, the sagas' facts, the verify job's trigger. */
    private static String canaryState(OpsplaneInstance instance, CommandService service, long jobId) {
        var jdbc = instance.jdbc();
        String ofTheJob = "(SELECT saga_id FROM operator_action WHERE bulk_job_id = " + jobId + ")";
        return String.join("\n", "the canary's actions were not all verified:",
                "command service failure: " + service.failure(),
                "commands: " + jdbc.queryForList("SELECT i.action_id, i.seq, i.state, i.saga_id, i.deadline, i.error"
                        + " FROM operator_action_item i JOIN operator_action a ON a.id = i.action_id"
                        + " WHERE a.bulk_job_id = ? ORDER BY 1, 2", jobId),
                "sagas: " + jdbc.queryForList("SELECT id, correlation_key, status, current_step, updated_at"
                        + " FROM saga_instance WHERE id IN " + ofTheJob + " ORDER BY 1"),
                "events: " + jdbc.queryForList("SELECT * FROM saga_event WHERE saga_id IN " + ofTheJob
                        + " ORDER BY saga_id, event_time"),
                "verify trigger: " + jdbc.queryForList("SELECT trigger_name, trigger_state, next_fire_time,"
                        + " prev_fire_time FROM qrtz_triggers WHERE trigger_name LIKE '%verify%'"),
                "now: " + System.currentTimeMillis());
    }

    private static OpsplaneInstance.Builder instance(TestPostgres.RoleDatabase database, String definitions) {
        return OpsplaneInstance.on(database, definitions);
    }

    static long count(ApiClient api, String filter) {
        return ApiClient.JSON.readTree(api.postJson("/api/bulk-jobs/count", filter).body()).path("count").asLong();
    }

    static JsonNode awaitJob(ApiClient api, long id, String status) {
        await("bulk job " + id + " " + status).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.getJson("/api/bulk-jobs/" + id).path("status").asString().equals(status));
        return api.getJson("/api/bulk-jobs/" + id);
    }

    private static int processed(String database, long jobId) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(database, "postgres", "postgres");
             var statement = connection.prepareStatement("SELECT processed FROM bulk_job WHERE id = ?")) {
            statement.setLong(1, jobId);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
