package io.opsplane.console.compensation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.KafkaProcess;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Topics belong to whoever owns them: on a broker that creates any topic a client asks for (Kafka's default), a
 * command to a missing topic waits and says why, the topic is not created by Opsplane, and health names it; once its
 * owner creates it the command goes. Partitions added to a topic are consumed within 30 s.
 */
class KafkaTopicsTest {

    private static KafkaProcess kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        kafka = KafkaProcess.start(true);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        kafka.close();
    }

    @Test
    void aCommandToAMissingTopicWaitsWithoutCreatingItAndGoesOnceItsOwnerCreatesIt() {
        CompensableOrderSaga saga = CompensableOrderSaga.on(new OrderSaga(TestKafka.uniquePrefix()));
        kafka.createTopics(3, saga.topics.orders, saga.topics.inventory, saga.topics.payments, saga.paymentCommands);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofSeconds(5), Duration.ofMinutes(30)))
                .property("spring.kafka.bootstrap-servers", kafka.bootstrapServers())
                .property("opsplane.compensation.default-outcome-timeout", "30m")
                .start()) {
            ApiClient api = opsplane.api();
            Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
            OrderEvents.send(producer, List.of(saga.events.orderCreated("o-topic-1", start),
                    saga.events.stockReserved("o-topic-1", start.plusSeconds(1))));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.getJson("/api/sagas?correlationKey=o-topic-1&status=STUCK").path("items").size() == 1);
            long sagaId = api.getJson("/api/sagas?correlationKey=o-topic-1").path("items").get(0).path("id").asLong();

            await("health names the missing topic").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode health = api.getJson("/actuator/health").path("components").path("kafka");
                assertThat(health.path("status").asString()).isEqualTo("DEGRADED");
                assertThat(health.path("details").path("missingTopics").valueStream().map(JsonNode::asString))
                        .containsExactly(saga.inventoryCommands);
            });
            assertThat(api.anonymous().get("/actuator/health/readiness").statusCode())
                    .as("a missing topic degrades; events on the others still flow").isEqualTo(200);

            var confirmed = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                    "{\"kind\":\"COMPENSATE\",\"reason\":\"release the stock\"}");
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
            long actionId = ApiClient.JSON.readTree(confirmed.body()).path("id").asLong();
            await("it waits, and says why").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.getJson("/api/actions/" + actionId).path("items").get(0).path("error").asString())
                            .matches("not delivered yet, waiting for Kafka since \\S+ \\(([3-9]|\\d\\d) attempts\\): Kafka: topic "
                                    + saga.inventoryCommands + " does not exist; Opsplane never creates topics.*"));
            assertThat(kafka.topics()).doesNotContain(saga.inventoryCommands);
            assertThat(api.getJson("/api/actions/" + actionId).path("status").asString()).isEqualTo("IN_PROGRESS");

            kafka.createTopics(2, saga.inventoryCommands);
            await("sent once the topic exists").atMost(Duration.ofSeconds(60)).until(() ->
                    api.getJson("/api/actions/" + actionId).path("items").get(0).path("state").asString().equals("SENT"));
            await("health is whole again").atMost(Duration.ofSeconds(10)).until(() ->
                    api.getJson("/actuator/health").path("components").path("kafka").path("status").asString().equals("UP"));
        }
    }

    @Test
    void partitionsAddedToATopicAreConsumedWithinThirtySeconds() throws Exception {
        OrderSaga saga = new OrderSaga(TestKafka.uniquePrefix());
        kafka.createTopics(1, saga.orders, saga.inventory, saga.payments);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(1)))
                .property("spring.kafka.bootstrap-servers", kafka.bootstrapServers()).start()) {
            ApiClient api = opsplane.api();
            await("in the group").atMost(Duration.ofSeconds(30)).until(() ->
                    api.anonymous().get("/actuator/health/readiness").statusCode() == 200);
            try (var admin = kafka.admin()) {
                admin.createPartitions(Map.of(saga.orders, NewPartitions.increaseTo(3))).all().get();
            }
            Instant added = Instant.now();
            ProducerRecord<byte[], byte[]> created = new OrderEvents(saga).orderCreated("o-partition-2", Instant.now());
            producer.send(new ProducerRecord<>(created.topic(), 2, created.key(), created.value())).get();

            await("the new partition's saga").atMost(Duration.ofSeconds(30)).until(() ->
                    api.getJson("/api/sagas?correlationKey=o-partition-2").path("items").size() == 1);
            System.out.println("A new partition was consumed " + Duration.between(added, Instant.now()).toMillis()
                    + " ms after it was added");
        }
    }
}
