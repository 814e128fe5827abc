package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.opsplane.console.alerting.AlertingSetup;
import io.opsplane.console.alerting.WebhookReceiver;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Operator actions reach the alerting receivers: each audited action as a notice, an unverified one as an alert. */
class CompensationAlertingTest {

    @Test
    void anUnverifiedCompensationIsNotifiedAsAnActionAndFiresTheCompensationRule() {
        CompensableOrderSaga saga = CompensableOrderSaga.create();
        String rules = AlertingSetup.rulesFile("""
                rules:
                  - name: CompensationUnverified
                    kind: compensation
                    outcome: UNVERIFIED
                    interval: 1s
                """);
        try (WebhookReceiver receiver = new WebhookReceiver();
             OpsplaneInstance opsplane = AlertingSetup.configure(OpsplaneInstance.on(TestPostgres.newDatabase(),
                             saga.writeDefinition(Duration.ofSeconds(5), Duration.ofSeconds(3))), receiver, rules)
                     .property("opsplane.alerting.operator-action-receivers[0]", "ops")
                     .property("opsplane.compensation.verify-interval", "300ms")
                     .start();
             CommandService silentService = new CommandService(saga, orderId -> true);
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
            OrderEvents.send(producer, List.of(saga.events.orderCreated("o-alert-1", start),
                    saga.events.stockReserved("o-alert-1", start.plusSeconds(1)),
                    saga.events.paymentCompleted("o-alert-1", start.plusSeconds(2))));
            ApiClient api = opsplane.api();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.getJson("/api/sagas?correlationKey=o-alert-1&status=STUCK")
                    .path("items").size() == 1);
            long sagaId = api.getJson("/api/sagas?correlationKey=o-alert-1").path("items").get(0).path("id").asLong();

            // the owning service never answers: the action ends UNVERIFIED
            assertThat(api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                    "{\"kind\":\"COMPENSATE\",\"reason\":\"stuck after payment\"}").statusCode()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<JsonNode> bodies = receiver.accepted().stream().map(WebhookReceiver.Received::json).toList();
                assertThat(bodies).anySatisfy(notice -> {
                    assertThat(notice.path("type").asString()).isEqualTo("operator-action");
                    assertThat(notice.path("actor").asString()).isEqualTo(TestUsers.OPERATOR);
                    assertThat(notice.path("target").asString()).isEqualTo("saga order-placement #" + sagaId);
                    assertThat(notice.path("detail").asString()).contains("stuck after payment");
                    assertThat(notice.path("link").asString()).endsWith("/sagas/" + sagaId);
                });
                assertThat(bodies).anySatisfy(alert -> {
                    assertThat(alert.path("status").asString()).isEqualTo("firing");
                    JsonNode labels = alert.path("alerts").get(0).path("labels");
                    assertThat(labels.path("alertname").asString()).isEqualTo("CompensationUnverified");
                    assertThat(labels.path("saga_type").asString()).isEqualTo("order-placement");
                    assertThat(labels.path("outcome").asString()).isEqualTo("UNVERIFIED");
                });
            });
        }
    }
}
