package io.opsplane.console.compensation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.opsplane.console.alerting.AlertingSetup;
import io.opsplane.console.alerting.WebhookReceiver;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.KafkaProcess;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka goes away for three minutes (opsplane.test.kafka-outage) while operators confirm 30 compensations: readiness
 * says DOWN within 5 s and UP again after, each action waits ("waiting for Kafka since …") instead of failing, and
 * every command is delivered exactly once when the broker is back. The command-outbox-age rule fires while they
 * wait and resolves once they are delivered. The broker is a JVM of the test's own, stopped with
 * SIGTERM and started again on the same port and data.
 */
class KafkaOutageTest {

    private static final Duration OUTAGE = Duration.parse(System.getProperty("opsplane.test.kafka-outage", "PT3M"));
    private static final int SAGAS = 30;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void compensationsConfirmedDuringAnOutageAreDeliveredOnceWhenKafkaIsBack() throws Exception {
        try (KafkaProcess kafka = KafkaProcess.start()) {
            CompensableOrderSaga saga = CompensableOrderSaga.on(new OrderSaga(TestKafka.uniquePrefix()));
            kafka.createTopics(3, saga.topics.orders, saga.topics.inventory, saga.topics.payments,
                    saga.inventoryCommands, saga.paymentCommands);
            String definitions = saga.writeDefinition(Duration.ofSeconds(5), Duration.ofMinutes(30));
            String rules = AlertingSetup.rulesFile("""
                    rules:
                      - name: CommandsWaiting
                        kind: command-outbox-age
                        threshold: 20
                        interval: 1s
                    """);
            try (WebhookReceiver receiver = new WebhookReceiver();
                 OpsplaneInstance opsplane = AlertingSetup.configure(OpsplaneInstance.on(TestPostgres.newDatabase(),
                                 definitions), receiver, rules)
                         .property("spring.kafka.bootstrap-servers", kafka.bootstrapServers())
                         .property("opsplane.compensation.default-outcome-timeout", "30m")
                         .start();
                 KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                ApiClient api = opsplane.api();
                String readiness = opsplane.baseUrl() + "/actuator/health/readiness";
                await("ready").atMost(Duration.ofSeconds(60)).until(() -> status(readiness) == 200);

                // 30 sagas that reserved stock and then waited for a payment that never came
                Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
                List<String> orders = new ArrayList<>();
                for (int i = 1; i <= SAGAS; i++) {
                    String orderId = "o-outage-" + i;
                    orders.add(orderId);
                    OrderEvents.send(producer, List.of(saga.events.orderCreated(orderId, start),
                            saga.events.stockReserved(orderId, start.plusSeconds(1))));
                }
                Map<String, Long> sagaIds = new HashMap<>();
                await("all stuck").atMost(Duration.ofSeconds(60)).until(() -> {
                    for (String orderId : orders) {
                        JsonNode items = api.getJson("/api/sagas?correlationKey=" + orderId).path("items");
                        if (items.size() == 1 && items.get(0).path("status").asString().equals("STUCK")) {
                            sagaIds.put(orderId, items.get(0).path("id").asLong());
                        }
                    }
                    return sagaIds.size() == SAGAS;
                });

                kafka.stop();
                Instant stopped = Instant.now();
                await("readiness DOWN").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> status(readiness) == 503);

                ApiClient operator = api.as(TestUsers.OPERATOR);
                List<Long> actions = new ArrayList<>();
                for (String orderId : orders) {
                    HttpResponse<String> confirmed = operator.postJson("/api/sagas/" + sagaIds.get(orderId) + "/actions",
                            "{\"kind\":\"COMPENSATE\",\"reason\":\"payments down, releasing stock\"}");
                    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
                    actions.add(ApiClient.JSON.readTree(confirmed.body()).path("id").asLong());
                }
                await("the operator sees why it waits").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(api.getJson("/api/actions/" + actions.getFirst()).path("items").get(0).path("error")
                                .asString()).startsWith("not delivered yet, waiting for Kafka since "));

                await("the outbox-age alert").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(notifications(receiver, "firing")).anySatisfy(alert -> {
                            assertThat(alert.path("labels").path("alertname").asString()).isEqualTo("CommandsWaiting");
                            assertThat(alert.path("labels").path("destination").asString()).isEqualTo("Kafka");
                            assertThat(alert.path("generatorURL").asString()).contains("/sagas/");
                        }));

                // through the rest of the outage: readiness stays DOWN and no action fails; a single look otherwise
                // restarts the window, which then cannot end before atMost
                Duration rest = OUTAGE.minus(Duration.between(stopped, Instant.now()));
                Duration look = Duration.ofSeconds(2);
                if (rest.isPositive()) {
                    await("through the rest of the outage").during(rest).atMost(rest.plus(look).plusSeconds(10))
                            .pollInterval(look).untilAsserted(() -> {
                                long asked = System.nanoTime();
                                assertThat(status(readiness)).as("readiness while Kafka is away").isEqualTo(503);
                                assertThat(Duration.ofNanos(System.nanoTime() - asked))
                                        .isLessThan(Duration.ofSeconds(2));
                                assertThat(statuses(api, actions)).as("actions while Kafka is away")
                                        .containsOnly("IN_PROGRESS");
                            });
                }

                kafka.startAgain();
                await("readiness UP").atMost(Duration.ofSeconds(60)).until(() -> status(readiness) == 200);
                await("every command sent").atMost(Duration.ofSeconds(120)).until(() -> actions.stream().allMatch(id ->
                        api.getJson("/api/actions/" + id).path("items").get(0).path("state").asString().equals("SENT")));
                assertThat(statuses(api, actions)).containsOnly("IN_PROGRESS");

                await("the outbox-age alert resolved").atMost(Duration.ofSeconds(60)).until(() ->
                        !notifications(receiver, "resolved").isEmpty());

                List<String> keys = delivered(kafka, saga.inventoryCommands);
                assertThat(keys).as("one ReleaseStock per saga, each once").hasSize(SAGAS);
                assertThat(new TreeSet<>(keys)).hasSize(SAGAS);
                assertThat(keys).allMatch(key -> key.matches("order-placement/o-outage-\\d+/reserve-stock/compensate/1"));
            }
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception noAnswer) {
            return -1;
        }
    }

    /** The alerts of every notification received with this status. */
    private static List<JsonNode> notifications(WebhookReceiver receiver, String status) {
        return receiver.accepted().stream().map(WebhookReceiver.Received::json)
                .filter(body -> status.equals(body.path("status").asString()))
                .flatMap(body -> body.path("alerts").valueStream()).toList();
    }

    private static Set<String> statuses(ApiClient api, List<Long> actions) {
        Set<String> statuses = new TreeSet<>();
        actions.forEach(id -> statuses.add(api.getJson("/api/actions/" + id).path("status").asString()));
        return statuses;
    }

    /** The idempotency keys of every record on the topic, read from the start to its end offsets. */
    private static List<String> delivered(KafkaProcess kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<String> keys = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(new String(record.headers().lastHeader("idempotency-key").value(), StandardCharsets.UTF_8));
                }
            }
            return keys;
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaProcess kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
