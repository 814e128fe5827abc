package io.opsplane.console.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsplane.console.alerting.AlertingSetup;
import io.opsplane.console.alerting.WebhookReceiver;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A service's consumer group on a saga topic, seen through the console's API as its lag is sampled every second:
 * 30 orders placed, the service commits 10 and stops, so it is 20 behind with no active members and no progress
 * while the samples go on, and the consumer-lag and consumer-stalled rules fire; once it commits the rest it is
 * caught up and both resolve. Opsplane's own group is named as Opsplane's.
 */
class ConsumerLagTest {

    @Test
    void aGroupThatStopsCommittingShowsItsLagAndHowLongItHasNotMoved() throws Exception {
        OrderSaga saga = OrderSaga.create(1);
        String group = "order-svc-" + saga.prefix;
        String rules = AlertingSetup.rulesFile("""
                rules:
                  - name: OrderBehind
                    kind: consumer-lag
                    service: order
                    threshold: 10
                    interval: 1s
                  - name: OrderStalled
                    kind: consumer-stalled
                    service: order
                    threshold: 3
                    interval: 1s
                """);
        try (WebhookReceiver receiver = new WebhookReceiver();
             OpsplaneInstance opsplane = AlertingSetup.configure(OpsplaneInstance.on(TestPostgres.newDatabase(),
                             saga.writeDefinition(Duration.ofMinutes(5))), receiver, rules)
                     .groupId("opsplane-" + saga.prefix).property("opsplane.lag.sample-interval", "1s")
                     .property("opsplane.lag.group-services." + group, "order").start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
             KafkaConsumer<byte[], byte[]> service = consumer(group)) {
            ApiClient api = opsplane.api();
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<ProducerRecord<byte[], byte[]>> orders = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                orders.add(new OrderEvents(saga).orderCreated("lag-" + i, start));
            }
            OrderEvents.send(producer, orders);
            TopicPartition partition = new TopicPartition(saga.orders, 0);
            service.commitSync(Map.of(partition, new OffsetAndMetadata(10)));

            JsonNode stopped = await("the service's group 20 behind").atMost(Duration.ofSeconds(30))
                    .until(() -> group(api, group), g -> g != null && topic(g, saga.orders).path("lag").asLong() == 20);
            assertThat(stopped.path("service").asString()).isEqualTo("order");
            assertThat(stopped.path("members").asInt()).as("it committed, then nobody consumed").isZero();
            assertThat(stopped.path("noActiveMembers").asBoolean()).isTrue();
            Instant behindSince = Instant.parse(topic(stopped, saga.orders).path("behindSince").asString());

            // later samples find it where it was: the time it last moved stays put while the sample time goes on
            JsonNode later = await("two more samples").atMost(Duration.ofSeconds(30)).until(() -> group(api, group),
                    g -> Instant.parse(g.path("sampledAt").asString()).isAfter(behindSince.plusSeconds(2)));
            assertThat(topic(later, saga.orders).path("lag").asLong()).isEqualTo(20);
            assertThat(Instant.parse(topic(later, saga.orders).path("behindSince").asString())).isEqualTo(behindSince);

            // both rules fire for the group and topic, linking to the group on the Kafka page
            for (String rule : List.of("OrderBehind", "OrderStalled")) {
                await(rule + " firing").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(notifications(receiver, "firing", rule)).anySatisfy(alert -> {
                            assertThat(alert.path("labels").path("group").asString()).isEqualTo(group);
                            assertThat(alert.path("labels").path("topic").asString()).isEqualTo(saga.orders);
                            assertThat(alert.path("labels").path("service").asString()).isEqualTo("order");
                            assertThat(alert.path("generatorURL").asString()).endsWith("/kafka?group=" + group);
                        }));
            }

            JsonNode history = api.getJson("/api/kafka/groups/" + group + "/history?lookback=5m");
            assertThat(history.size()).isGreaterThanOrEqualTo(2);
            assertThat(history.get(history.size() - 1).path("lag").asLong()).isEqualTo(20);
            assertThat(history.get(history.size() - 1).path("topic").asString()).isEqualTo(saga.orders);

            service.commitSync(Map.of(partition, new OffsetAndMetadata(30)));
            JsonNode caughtUp = await("caught up").atMost(Duration.ofSeconds(30)).until(() -> group(api, group),
                    g -> topic(g, saga.orders).path("lag").asLong() == 0);
            assertThat(topic(caughtUp, saga.orders).path("behindSince").isNull()).isTrue();
            for (String rule : List.of("OrderBehind", "OrderStalled")) {
                await(rule + " resolved").atMost(Duration.ofSeconds(30)).until(() ->
                        !notifications(receiver, "resolved", rule).isEmpty());
            }

            // Opsplane's own saga consumers read every watched topic, and are named as Opsplane's
            JsonNode ours = await("Opsplane's group caught up").atMost(Duration.ofSeconds(30))
                    .until(() -> group(api, "opsplane-" + saga.prefix), g -> g != null && g.path("lag").asLong() == 0
                            && g.path("topics").size() == 3);
            assertThat(ours.path("service").asString()).isEqualTo("opsplane");
            assertThat(ours.path("members").asInt()).isPositive();

            assertThat(api.get("/api/kafka/groups/" + group + "/history?lookback=soon").statusCode()).isEqualTo(400);
        }
    }

    private static List<JsonNode> notifications(WebhookReceiver receiver, String status, String rule) {
        return receiver.accepted().stream().map(WebhookReceiver.Received::json)
                .filter(body -> status.equals(body.path("status").asString()))
                .flatMap(body -> body.path("alerts").valueStream())
                .filter(alert -> rule.equals(alert.path("labels").path("alertname").asString())).toList();
    }

    private static JsonNode group(ApiClient api, String id) {
        for (JsonNode group : api.getJson("/api/kafka/groups")) {
            if (group.path("group").asString().equals(id)) {
                return group;
            }
        }
        return null;
    }

    private static JsonNode topic(JsonNode group, String topic) {
        for (JsonNode t : group.path("topics")) {
            if (t.path("topic").asString().equals(topic)) {
                return t;
            }
        }
        return ApiClient.JSON.createObjectNode();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
