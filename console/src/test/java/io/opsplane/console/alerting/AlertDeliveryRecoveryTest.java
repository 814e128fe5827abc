package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A receiver that is down (answering 500, then not listening at all) while notifications pile up,
 * and Opsplane restarted meanwhile: once the receiver is back it gets every notification, each
 * group's in the order they were decided, and none twice.
 */
class AlertDeliveryRecoveryTest {

    @Test
    void everyNotificationArrivesInOrderPerGroupAfterOutageAndRestart() {
        WebhookReceiver receiver = new WebhookReceiver();
        receiver.answer(500);
        OrderSaga saga = OrderSaga.create();
        String sagas = saga.writeDefinition(Duration.ofSeconds(1));
        AlertingSetup.addSagaType(sagas, saga.definition(Duration.ofSeconds(1)), "order-second");
        TestPostgres.RoleDatabase database = TestPostgres.newDatabaseWithRoles();
        String rules = AlertingSetup.stuckSagaRulesFile();
        OrderEvents events = new OrderEvents(saga);
        OpsplaneInstance first = AlertingSetup.configure(OpsplaneInstance.on(database, sagas), receiver, rules)
                .node("first").start();
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            // each group's story: stuck (firing), moved on (resolved), another one stuck (firing)
            OrderEvents.send(producer, List.of(events.orderCreated("o-1", Instant.now()),
                    events.stockReserved("o-1", Instant.now())));
            awaitDeliveries(first, 2);
            OrderEvents.send(producer, List.of(events.paymentCompleted("o-1", Instant.now())));
            awaitDeliveries(first, 4);
            OrderEvents.send(producer, List.of(events.orderCreated("o-2", Instant.now()),
                    events.stockReserved("o-2", Instant.now())));
            awaitDeliveries(first, 6);
        }
        assertThat(receiver.accepted()).isEmpty();
        assertThat(receiver.all()).as("the failing receiver was being tried").isNotEmpty();
        first.close();

        receiver.down();
        OpsplaneInstance second = AlertingSetup.configure(OpsplaneInstance.on(database, sagas), receiver, rules)
                .node("second").start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> second.api()
                    .getJson("/api/receivers/ops/deliveries?status=pending").findValues("error").stream()
                    .anyMatch(e -> e.asString().contains("ConnectException")));
            receiver.up();
            receiver.answer(204);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() == 6);

            Map<String, List<String>> storyByGroup = new LinkedHashMap<>();
            for (WebhookReceiver.Received r : receiver.accepted()) {
                JsonNode body = r.json();
                storyByGroup.computeIfAbsent(body.get("groupKey").asString(), k -> new java.util.ArrayList<>())
                        .add(body.get("status").asString());
            }
            assertThat(storyByGroup).hasSize(2);
            assertThat(storyByGroup.values()).allSatisfy(story ->
                    assertThat(story).containsExactly("firing", "resolved", "firing"));
            List<String> acceptedIds = receiver.accepted().stream().map(r -> r.header("webhook-id")).toList();
            assertThat(acceptedIds).doesNotHaveDuplicates();
            // every failed try was one of these same notifications, sent again under its webhook-id
            assertThat(receiver.all().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(acceptedIds);
            JsonNode log = second.api().getJson("/api/receivers/ops/deliveries");
            assertThat(log.findValues("status").stream().map(JsonNode::asString)).containsOnly("delivered");
            assertThat(log.findValues("attempts").stream().mapToInt(JsonNode::asInt).max().orElseThrow())
                    .isGreaterThan(1);
        } finally {
            second.close();
            receiver.close();
        }
    }

    private static void awaitDeliveries(OpsplaneInstance opsplane, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                opsplane.api().getJson("/api/receivers/ops/deliveries").size() == count);
    }
}
