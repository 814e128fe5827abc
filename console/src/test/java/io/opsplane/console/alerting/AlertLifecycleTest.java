package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A stuck saga, seen as the people on call see it: a pending alert, a signed Alertmanager-format
 * webhook once the rule's for time has passed, and a resolved one when the saga moves on; each
 * told once. A second saga type over the same events is silenced, and nothing is sent about it.
 */
class AlertLifecycleTest {

    private static final Duration FOR = Duration.ofSeconds(3);

    @AutoClose
    private static WebhookReceiver receiver;
    private static OrderSaga saga;
    @AutoClose
    private static OpsplaneInstance opsplane;
    @AutoClose
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
        saga = OrderSaga.create();
        String sagas = saga.writeDefinition(Duration.ofSeconds(1));
        AlertingSetup.addSagaType(sagas, saga.definition(Duration.ofSeconds(1)), "order-silenced");
        String rules = AlertingSetup.rulesFile("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    for: 3s
                    interval: 1s
                    severity: critical
                    labels: { team: payments }
                    annotations: %s
                """.formatted(AlertingSetup.STUCK_ANNOTATIONS));
        opsplane = AlertingSetup.configure(OpsplaneInstance.on(TestPostgres.newDatabaseWithRoles(), sagas), receiver, rules)
                .start();
        producer = TestKafka.producer();
    }

    @Test
    void stuckSagaGoesPendingThenFiresThenResolvesEachToldOnceAndTheSilencedTypeNotAtAll() throws Exception {
        JsonNode silence = ApiJson.post(opsplane, "/api/silences", """
                {"matchers":[{"name":"saga_type","value":"order-silenced","isRegex":false,"isEqual":true}],
                 "endsAt":"%s","createdBy":"maria","comment":"test type, known to hang"}"""
                .formatted(Instant.now().plus(Duration.ofHours(1))), 201);

        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OrderEvents events = new OrderEvents(saga);
        OrderEvents.send(producer, List.of(events.orderCreated("o-alert", start),
                events.stockReserved("o-alert", start.plusMillis(10))));

        JsonNode pending = await().atMost(Duration.ofSeconds(30)).until(() -> alert("order-placement", "pending"),
                a -> a != null);
        assertThat(pending.get("labels").get("step").asString()).isEqualTo("charge-payment");
        assertThat(pending.get("labels").get("reason").asString()).isEqualTo("STEP_TIMEOUT");
        assertThat(receiver.all()).as("nothing is sent while the alert is pending").isEmpty();

        JsonNode firing = await().atMost(Duration.ofSeconds(30)).until(() -> alert("order-placement", "firing"),
                a -> a != null);
        assertThat(Duration.between(Instant.parse(firing.get("activeAt").asString()),
                Instant.parse(firing.get("firedAt").asString()))).isGreaterThanOrEqualTo(FOR);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 1);

        WebhookReceiver.Received told = receiver.accepted().getFirst();
        assertThat(StandardWebhooksVerifier.verifies(AlertingSetup.SECRET, told.header("webhook-id"),
                told.header("webhook-timestamp"), told.body(), told.header("webhook-signature"))).isTrue();
        JsonNode body = told.json();
        AlertmanagerWebhookFormat.assertValid(body);
        assertThat(body.get("status").asString()).isEqualTo("firing");
        assertThat(body.get("receiver").asString()).isEqualTo("ops");
        assertThat(body.get("externalURL").asString()).isEqualTo(AlertingSetup.EXTERNAL_URL);
        assertThat(body.get("groupLabels").get("saga_type").asString()).isEqualTo("order-placement");
        JsonNode alert = body.get("alerts").get(0);
        assertThat(body.get("alerts")).hasSize(1);
        assertThat(alert.get("status").asString()).isEqualTo("firing");
        assertThat(alert.get("labels").get("alertname").asString()).isEqualTo("SagaStuck");
        assertThat(alert.get("labels").get("team").asString()).isEqualTo("payments");
        assertThat(alert.get("labels").get("severity").asString()).isEqualTo("critical");
        assertThat(alert.get("annotations").get("summary").asString())
                .isEqualTo("1 order-placement sagas stuck at charge-payment");
        assertThat(alert.get("annotations").get("description").asString())
                .isEqualTo("Waiting on payment (STEP_TIMEOUT), e.g. o-alert");
        assertThat(alert.get("generatorURL").asString()).isEqualTo(AlertingSetup.EXTERNAL_URL
                + "/sagas?type=order-placement&status=STUCK&stuckReason=STEP_TIMEOUT&step=charge-payment");
        assertThat(alert.get("fingerprint").asString()).isEqualTo(firing.get("fingerprint").asString());
        assertThat(alert.get("endsAt").asString()).isEqualTo("0001-01-01T00:00:00Z");

        JsonNode muted = alert("order-silenced", "firing");
        assertThat(muted).as("the silenced type fires too, visibly silenced").isNotNull();
        assertThat(muted.get("silencedBy").get(0).asString()).isEqualTo(silence.get("id").asString());

        OrderEvents.send(producer, List.of(events.paymentCompleted("o-alert", Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 2);
        JsonNode resolved = receiver.accepted().get(1).json();
        AlertmanagerWebhookFormat.assertValid(resolved);
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("groupKey").asString()).isEqualTo(body.get("groupKey").asString());
        assertThat(resolved.get("alerts").get(0).get("status").asString()).isEqualTo("resolved");
        assertThat(Instant.parse(resolved.get("alerts").get(0).get("endsAt").asString())).isAfter(start);
        assertThat(receiver.accepted().get(1).header("webhook-id")).isNotEqualTo(told.header("webhook-id"));

        await().atMost(Duration.ofSeconds(10)).until(() -> alert("order-silenced", "firing") == null);
        // anything else that would wrongly be sent has had its chance: the rule was evaluated twice more, every
        // change since was told, and every notification queued has arrived
        NothingMoreToSend.awaitSettled(opsplane.api(), "SagaStuck", Instant.now().plusSeconds(1));
        assertThat(receiver.all()).as("firing once, resolved once, nothing about the silenced type").hasSize(2);
        assertThat(receiver.all()).allSatisfy(r -> assertThat(r.body()).doesNotContain("order-silenced"));
        assertThat(opsplane.api().getJson("/api/alerts?state=resolved&label=saga_type=order-placement"))
                .hasSize(1);
    }

    private static JsonNode alert(String sagaType, String state) {
        JsonNode alerts = opsplane.api().getJson("/api/alerts?state=" + state + "&label=saga_type=" + sagaType);
        return alerts.isEmpty() ? null : alerts.get(0);
    }
}
