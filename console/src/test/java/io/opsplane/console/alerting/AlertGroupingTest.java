package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.RunningOpsplane;
import io.opsplane.console.testing.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** 500 sagas stuck on the same payment outage make one alert and one notification, not 500. */
class AlertGroupingTest {

    private static final int SAGAS = 500;

    @AutoClose
    private static final WebhookReceiver receiver = new WebhookReceiver();
    private static final OrderSaga saga = OrderSaga.create();
    @RegisterExtension
    static final RunningOpsplane opsplane = new RunningOpsplane(() -> AlertingSetup.instance(receiver,
            saga.writeDefinition(Duration.ofSeconds(2)), """
                rules:
                  - name: PaymentsStuck
                    kind: saga-stuck
                    sagaType: order-placement
                    threshold: 10
                    for: 2s
                    interval: 1s
                    annotations:
                      summary: "{{ .Value }} sagas stuck at {{ .Labels.step }}"
                """)
            // a longer group_wait, as in production: the outage's sagas arrive over a few seconds
            .property("opsplane.alerting.route.group-wait", "3s"));

    @Test
    void fiveHundredStuckSagasOfOneTypeAndStepMakeOneGroupedNotification() throws Exception {
        OrderEvents events = new OrderEvents(saga);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < SAGAS; i++) {
            String order = "o-outage-" + i;
            records.add(events.orderCreated(order, start.plusMillis(i)));
            records.add(events.stockReserved(order, start.plusMillis(i + 1)));
        }
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, records);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.accepted().isEmpty());
        // anything else it would (wrongly) send about the same outage has had its chance: the rule was evaluated
        // twice more, every change since was told, and every notification queued has arrived
        NothingMoreToSend.awaitSettled(opsplane.api(), "PaymentsStuck", Instant.now().plusSeconds(1));
        assertThat(receiver.all()).hasSize(1);

        JsonNode body = receiver.accepted().getFirst().json();
        AlertmanagerWebhookFormat.assertValid(body);
        assertThat(body.get("alerts")).hasSize(1);
        JsonNode alert = body.get("alerts").get(0);
        assertThat(alert.get("labels").get("step").asString()).isEqualTo("charge-payment");
        assertThat(alert.get("annotations").get("summary").asString()).isEqualTo(SAGAS + " sagas stuck at charge-payment");
        assertThat(body.get("groupLabels").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asString())
                .containsExactly("alertname=PaymentsStuck", "reason=STEP_TIMEOUT", "saga_type=order-placement",
                        "step=charge-payment");

        JsonNode firing = opsplane.api().getJson("/api/alerts?state=firing");
        assertThat(firing).hasSize(1);
        assertThat(firing.get(0).get("value").asInt()).isEqualTo(SAGAS);
        assertThat(firing.get(0).get("samples")).hasSize(5);
        assertThat(firing.get(0).get("samples").get(0).asString()).startsWith("o-outage-");

        JsonNode groups = opsplane.api().getJson("/api/alerts/groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("receiver").asString()).isEqualTo("ops");
        assertThat(groups.get(0).get("alerts").get(0).get("notifiedState").asString()).isEqualTo("firing");
    }
}
