package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.Browser;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The alerting pages in a real browser (Debian's headless Chromium) against the whole application:
 * an operator signs in, finds the firing alert of a stuck saga and silences it from its card, then
 * sends a test notification and sees it delivered in the receiver's log. Takes the README's alerting
 * screenshots on the way.
 */
class AlertingBrowserTest {

    @AutoClose
    private static WebhookReceiver receiver;
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    @AutoClose
    private Browser browser;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
        OrderSaga saga = OrderSaga.create();
        opsplane = AlertingSetup.instance(receiver, saga.writeDefinition(Duration.ofSeconds(1)), """
                rules:
                  - name: PaymentStuck
                    kind: saga-stuck
                    step: charge-payment
                    interval: 1s
                    severity: critical
                    labels: { team: payments }
                    annotations: %s
                """.formatted(AlertingSetup.STUCK_ANNOTATIONS)).start();
        api = opsplane.api();
        OrderEvents events = new OrderEvents(saga);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, List.of(events.orderCreated("o-2041", now), events.stockReserved("o-2041",
                    now.plusMillis(10)), events.orderCreated("o-2042", now), events.stockReserved("o-2042",
                    now.plusMillis(20))));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.getJson("/api/alerts?state=firing").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.accepted().isEmpty());
    }

    @Test
    void anOperatorSilencesAFiringAlertFromItsCardAndTestsTheReceiver() {
        browser = Browser.open(opsplane.baseUrl());
        browser.get("/alerts?state=firing");
        browser.signIn(TestUsers.OPERATOR);
        browser.awaitUrl("the alerts page", url -> url.endsWith("/alerts?state=firing"));

        WebElement card = browser.waitFor(By.cssSelector("div.opsplane-alert[data-state='firing'][data-alertname='PaymentStuck']"));
        assertThat(card.getText()).contains("2 order-placement sagas stuck at charge-payment",
                "Waiting on payment (STEP_TIMEOUT), e.g. o-2041, o-2042", "team=\"payments\"", "→ receiver ops");
        assertThat(card.findElement(By.cssSelector("a.alert-link")).getAttribute("href"))
                .isEqualTo(AlertingSetup.EXTERNAL_URL + "/sagas?type=order-placement&status=STUCK"
                        + "&stuckReason=STEP_TIMEOUT&step=charge-payment");
        browser.screenshot("alerts");

        card.findElement(By.cssSelector("vaadin-button[id^='silence-']")).click();
        assertThat(browser.waitFor(By.id("silence-preview")).getText()).startsWith("Mutes 1 live alert now (PaymentStuck)");
        browser.type(By.cssSelector("#silence-comment textarea"), "PSP incident INC-311, they are on it");
        browser.click(By.id("silence-create"));
        browser.awaitText(By.cssSelector("div.opsplane-alert[data-alertname='PaymentStuck'] .alert-silenced"),
                "Silenced by 1 silence");
        JsonNode silence = api.getJson("/api/silences?state=ACTIVE").get(0);
        assertThat(silence.get("createdBy").asString()).isEqualTo(TestUsers.OPERATOR);
        assertThat(silence.get("comment").asString()).isEqualTo("PSP incident INC-311, they are on it");

        browser.get("/alerts/receivers");
        browser.waitFor(By.cssSelector("#receiver-ops tr[data-kind='alert'][data-status='delivered']"));
        browser.click(By.id("send-test-ops"));
        WebElement delivered = browser.waitFor(By.cssSelector("#receiver-ops tr[data-kind='test'][data-status='delivered']"));
        assertThat(delivered.getText()).contains("→ 204", "msg_");
        assertThat(receiver.accepted()).anySatisfy(r -> assertThat(r.body()).contains("OpsplaneTestNotification"));
        browser.screenshot("receivers");
    }
}
