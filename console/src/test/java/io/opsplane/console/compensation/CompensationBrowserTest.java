package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.Browser;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The compensate flow in a real browser (Debian's headless Chromium, through the shared {@link Browser} harness)
 * against the whole application on PostgreSQL and Kafka, with a stand-in service answering the commands:
 * the preview with its commands and idempotency keys, the dry run, the confirmation with a reason, the
 * progress and the outcome; and a viewer's page without the buttons.
 */
class CompensationBrowserTest {

    private static CompensableOrderSaga saga;
    @AutoClose
    private static OpsplaneInstance opsplane;
    @AutoClose
    private static CommandService service;
    private static long sagaId;
    @AutoClose
    private Browser browser;

    @BeforeAll
    static void start() {
        saga = CompensableOrderSaga.create();
        // a stuck-saga alert, so that the saga's history has one to show
        opsplane = saga.console(Duration.ofSeconds(5), Duration.ofSeconds(30), """
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    interval: 1s
                    annotations:
                      summary: "{{ .Value }} {{ .Labels.saga_type }} sagas stuck at {{ .Labels.step }}"
                """).start();
        service = new CommandService(saga, orderId -> false);
        Instant start = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            io.opsplane.console.testing.OrderEvents.send(producer, List.of(saga.events.orderCreated("o-2001", start),
                    saga.events.stockReserved("o-2001", start.plusSeconds(1)),
                    saga.events.paymentCompleted("o-2001", start.plusSeconds(2))));
        }
        ApiClient api = opsplane.api();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/sagas?correlationKey=o-2001&status=STUCK").path("items").size() == 1);
        sagaId = api.getJson("/api/sagas?correlationKey=o-2001").path("items").get(0).path("id").asLong();
        await("the stuck-saga alert firing").atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/alerts?state=firing").size() >= 1);
    }

    @Test
    void anOperatorPreviewsConfirmsWithAReasonAndSeesTheCompensationVerified() {
        browser = Browser.open(opsplane.baseUrl()).get("/sagas/" + sagaId);
        browser.signIn(TestUsers.OPERATOR);
        assertThat(browser.waitFor(By.id("saga-actions")).getText()).contains("No action has been taken");
        // confirm-order has no retry command in the definition: nothing to retry, and the button says why
        assertThat(browser.driver().findElement(By.id("action-retry")).getAttribute("disabled")).isNotNull();
        assertThat(browser.driver().findElement(By.cssSelector("#action-retry > vaadin-tooltip")).getAttribute("text"))
                .contains("step confirm-order of order-placement has no retry command in its definition");

        browser.click(By.id("action-compensate"));
        browser.awaitDialogOpen();
        WebElement commands = browser.waitFor(By.id("action-commands"));
        assertThat(commands.getText()).contains("RefundPayment", "ReleaseStock",
                "order-placement/o-2001/charge-payment/compensate/1", "order-placement/o-2001/reserve-stock/compensate/1",
                "PaymentRefunded", "StockReleased");
        assertThat(browser.waitFor(By.id("preview-envelope-1")).getText()).contains("\"type\" : \"RefundPayment\"",
                "\"idempotencykey\" : \"order-placement/o-2001/charge-payment/compensate/1\"", "\"orderId\" : \"o-2001\"");
        assertThat(browser.driver().findElement(By.id("action-confirm")).getAttribute("disabled"))
                .as("no confirmation without a reason").isNotNull();

        browser.click(By.id("action-dry-run"));
        WebElement dryRun = browser.waitFor(By.cssSelector("#dry-run-result h4"));
        assertThat(dryRun.getText()).isEqualTo("Dry run: every check passed, nothing was sent");
        assertThat(browser.driver().findElement(By.id("dry-run-result")).getText()).contains("saga state", "exists");
        assertThat(service.receivedFor("o-2001")).isEmpty();
        browser.screenshot("compensate-preview");

        // the reason field is below the commands: the harness scrolls to it as the operator would
        browser.type(By.cssSelector("#action-reason textarea"), "customer cancelled by phone, ticket 881");
        browser.until("the confirm button enabled by the reason",
                d -> d.findElement(By.id("action-confirm")).getAttribute("disabled") == null);
        browser.click(By.id("action-confirm"));

        browser.waitFor(By.id("action-progress"));
        WebElement outcome = browser.waitFor(By.id("action-outcome"), Duration.ofSeconds(40));
        assertThat(outcome.getText()).contains("verified", "RefundPayment → PaymentRefunded observed",
                "ReleaseStock → StockReleased observed");
        assertThat(browser.driver().findElement(By.id("action-status")).getText()).isEqualTo("verified");
        assertThat(browser.driver().findElements(By.cssSelector("#action-items li")))
                .extracting(e -> e.getAttribute("data-state")).containsExactly("VERIFIED", "VERIFIED");
        browser.screenshot("compensate-outcome");
        assertThat(service.receivedFor("o-2001")).extracting(CommandService.Received::type)
                .containsExactly("RefundPayment", "ReleaseStock");

        // closing reloads the page; the saga turns compensated once ingest has seen the outcome events
        browser.clickAndAwaitReload(By.id("action-close"));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            browser.refresh();
            return browser.waitFor(By.id("saga-status")).getText().equals("compensated");
        });
        assertThat(browser.waitFor(By.id("saga-action-list")).getText()).contains("customer cancelled by phone, ticket 881",
                "by operator", "verified");
        // what happened stays readable after the end: where it waited, how long it was stuck, the alert, the action
        assertThat(browser.waitFor(By.id("saga-history")).getText()).contains(
                "OrderCreated: saga started", "PaymentCompleted: step charge-payment done",
                "at confirm-order for OrderConfirmed from order, which never came",
                "Stuck (step timeout) at confirm-order for", "Alert SagaStuck fired: ", "order-placement sagas stuck at confirm-order",
                "Compensate requested by operator: \u201ccustomer cancelled by phone, ticket 881\u201d",
                "RefundPayment verified: PaymentRefunded observed", "ReleaseStock verified: StockReleased observed",
                "Compensate finished: verified", "Ended compensated");
        assertThat(browser.driver().findElement(By.cssSelector("#saga-steps li[data-step='confirm-order']")).getText())
                .contains("the saga waited here for OrderConfirmed from order, which never came; it ended compensated");

        // the audit finds the saga by its order id and names it so
        browser.get("/audit?saga=o-2001");
        WebElement entries = browser.waitFor(By.cssSelector("#audit-entries table"));
        assertThat(entries.getText()).contains("o-2001 · order-placement", "ACTION_REQUESTED", "ACTION_VERIFIED");
    }

    @Test
    void theBulkPolicyAndAuditPagesShowJobsSwitchesAndEntries() {
        ApiClient api = opsplane.api();
        Instant start = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            io.opsplane.console.testing.OrderEvents.send(producer, List.of(saga.events.orderCreated("o-2002", start),
                    saga.events.stockReserved("o-2002", start.plusSeconds(1))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/sagas?correlationKey=o-2002&status=STUCK").path("items").size() == 1);

        browser = Browser.open(opsplane.baseUrl()).get("/bulk?correlationKey=o-2002&status=STUCK");
        browser.signIn(TestUsers.OPERATOR);
        // the link's filter in the saga list's own controls, counted without asking
        assertThat(browser.waitFor(By.xpath("//*[@id='bulk-filter']//vaadin-text-field[.//label[text()='Correlation key']]"
                + "//input")).getAttribute("value")).isEqualTo("o-2002");
        browser.until("the count", d -> d.findElement(By.id("bulk-count")).getText().startsWith("1 saga matches"));
        browser.type(By.cssSelector("vaadin-text-area textarea"), "closed by hand after the PSP call");
        browser.click(By.id("bulk-kind"));
        browser.click(By.xpath("//vaadin-select-item[text()='Resolve by hand']"));
        browser.click(By.id("bulk-create"));
        browser.waitFor(By.cssSelector("#bulk-jobs tr[data-job]"));
        // the jobs table is redrawn every 2 s: the harness looks elements up again when they are replaced
        browser.until("the job done", Duration.ofSeconds(30), d -> d.findElement(
                By.cssSelector("#bulk-jobs tr[data-job] .opsplane-status")).getText().equals("done"));
        assertThat(browser.driver().findElement(By.id("bulk-jobs")).getText()).contains("1 of 1", "Resolve by hand");
        browser.screenshot("bulk-actions");

        browser.get("/policies");
        WebElement kill = browser.waitFor(By.id("kill-switch"));
        assertThat(kill.getAttribute("disabled")).as("only an ADMIN changes the switches").isNotNull();
        assertThat(browser.driver().findElement(By.id("approvals")).getText()).contains("Nothing waits for approval");

        browser.get("/audit?actor=operator&action=BULK_CREATED");
        WebElement entries = browser.waitFor(By.cssSelector("#audit-entries table"));
        assertThat(entries.getText()).contains("BULK_CREATED", "closed by hand after the PSP call");
        assertThat(browser.driver().findElements(By.cssSelector("#audit-entries tr[data-audit]"))).hasSize(1);
        browser.screenshot("audit");
        assertThat(api.getJson("/api/sagas?correlationKey=o-2002").path("items").get(0).path("status").asString())
                .isEqualTo("RESOLVED");
    }

    @Test
    void aViewerSeesNoActionButtons() {
        browser = Browser.open(opsplane.baseUrl()).get("/sagas/" + sagaId);
        browser.signIn(TestUsers.VIEWER);
        browser.waitFor(By.id("saga-steps"));
        assertThat(browser.driver().findElements(By.id("saga-actions"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("action-compensate"))).isEmpty();
    }
}
