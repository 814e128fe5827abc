package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.Browser;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The incidents of the demo's fault switches, handled in the console as the person on call would, in real browsers
 * (the shared {@link Browser} harness) against the whole application on PostgreSQL and Kafka, with the default
 * approval policy (a second person above 20 sagas). {@link CommandService} stands in for the inventory and payment
 * services and answers every command as the demo's services do (ReleaseStock → StockReleased).
 *
 * <ul>
 *   <li>payment-timeout: over 300 orders hold their stock for a payment that never comes, and orders keep arriving.
 *       One operator goes from the firing alert to a frozen bulk job with a canary, a second person approves it, and
 *       every stuck saga ends COMPENSATED with its ReleaseStock answered; the orders held while the drill ran are
 *       offered as an addition and acted on too. The clicks and the time are printed (docs/demo.md records them).</li>
 *   <li>inventory-drop: the stock was reserved but StockReserved never published. From the list's "Act on these N",
 *       a bulk Compensate releases the stock "in case", and every saga ends compensated or completed.</li>
 * </ul>
 */
class OutageDrillBrowserTest {

    /** Orders held by the payment-timeout fault when the operator is paged. */
    private static final int HELD = 320;
    private static final String AT_PAYMENT =
            "{\"type\":\"order-placement\",\"status\":\"STUCK\",\"step\":\"charge-payment\"}";
    private static final String AT_STOCK =
            "{\"type\":\"order-placement\",\"status\":\"STUCK\",\"step\":\"reserve-stock\"}";
    private static final Pattern MATCHING = Pattern.compile("([\\d,]+) sagas? match");

    private static CompensableOrderSaga saga;
    @AutoClose
    private static OpsplaneInstance opsplane;
    @AutoClose
    private static CommandService service;
    @AutoClose
    private Browser operatorBrowser;

    @BeforeAll
    static void start() {
        saga = CompensableOrderSaga.create();
        // the alert's links start with the console's external address, as they do in a notification
        int port = freePort();
        opsplane = saga.console(Duration.ofSeconds(2), Duration.ofMinutes(2), """
                rules:
                  - name: PaymentStuck
                    kind: saga-stuck
                    sagaType: order-placement
                    step: charge-payment
                    threshold: 10
                    interval: 1s
                    annotations:
                      summary: "{{ .Value }} {{ .Labels.saga_type }} sagas stuck at {{ .Labels.step }}"
                """)
                .property("server.port", port).property("opsplane.external-url", "http://localhost:" + port).start();
        service = new CommandService(saga, orderId -> false);
    }

    @Test
    void oneOperatorTakesAPaymentOutageFromTheAlertToEverySagaCompensatedWithASecondPersonsApproval() {
        ApiClient api = opsplane.api();
        // payment-timeout: the stock of 320 orders is reserved, and their payments never answered
        Instant start = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            Instant at = start.plusMillis(100L * i);
            events.add(saga.events.orderCreated("held-" + i, at));
            events.add(saga.events.stockReserved("held-" + i, at.plusMillis(200)));
        }
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, events);
        }
        await("320 sagas stuck at charge-payment").atMost(Duration.ofSeconds(60))
                .until(() -> BulkJobTest.count(api, AT_PAYMENT) == HELD);
        await("the stuck-saga alert firing").atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/alerts?state=firing").size() >= 1);

        long compensatedBefore = count(api, "COMPENSATED");
        try (Arrivals arrivals = new Arrivals()) {
            Clicks operator = new Clicks(operatorBrowser = Browser.open(opsplane.baseUrl()));
            long began = System.nanoTime();
            // the notification's link: the firing alerts
            operator.browser.get("/alerts?state=firing");
            operator.browser.signIn(TestUsers.OPERATOR);
            By card = By.cssSelector("div.opsplane-alert[data-state='firing'][data-alertname='PaymentStuck']");
            Matcher summary = Pattern.compile("(\\d+) order-placement sagas stuck at charge-payment")
                    .matcher(operator.browser.waitFor(card).getText());
            assertThat(summary.find()).as(operator.browser.waitFor(card).getText()).isTrue();
            assertThat(Integer.parseInt(summary.group(1))).isGreaterThanOrEqualTo(HELD);

            operator.click(By.cssSelector("div.opsplane-alert[data-alertname='PaymentStuck'] a.alert-act"));
            operator.browser.awaitUrl("the bulk page with the alert's filter", url -> url.contains("/bulk?"));
            int counted = count(operator);
            assertThat(counted).isGreaterThanOrEqualTo(HELD);
            operator.browser.type(By.cssSelector("vaadin-text-area textarea"), "INC-512: PSP timeouts, release the held stock");
            long job = create(operator);
            // the payment team switches the fault off a few orders later: those are held too, after the job was made
            arrivals.holdOnly(5);

            // frozen as it was made, above the approval threshold: it waits for the second person, and names them
            JsonNode made = api.getJson("/api/bulk-jobs/" + job);
            int total = made.path("total").asInt();
            assertThat(total).isGreaterThanOrEqualTo(HELD);
            assertThat(made.path("status").asString()).isEqualTo("PENDING_APPROVAL");
            assertThat(made.path("filter").path("step").asString()).as("the alert's filter").isEqualTo("charge-payment");
            assertThat(made.path("filter").path("status").asString()).isEqualTo("STUCK");
            By jobRow = By.cssSelector("#bulk-jobs tr[data-job='" + job + "']");
            operator.browser.awaitTextContains(jobRow, "pending approval");
            operator.browser.awaitTextContains(jobRow, "0 of " + total + " sagas as of ");
            operator.browser.awaitText(By.id("bulk-approvers-" + job), "Approval by " + TestUsers.ADMIN);
            // beside the approvers, the break-glass button and the reason, the action's name still reads as one word
            Object actionLines = operator.browser.js("""
                    const range = document.createRange();
                    range.selectNodeContents(arguments[0].cells[1]);
                    return new Set([...range.getClientRects()].map(box => Math.round(box.top))).size;""",
                    operator.browser.driver().findElement(jobRow));
            assertThat(((Number) actionLines).intValue()).as("lines the action's name takes").isEqualTo(1);
            assertThat(operator.browser.driver().findElements(By.id("bulk-approve-" + job)))
                    .as("four eyes: not for the requester").allSatisfy(b -> assertThat(b.getDomAttribute("disabled")).as("disabled").isNotNull());

            // the second person opens the job's address and approves
            Clicks approver;
            try (Browser second = Browser.open(opsplane.baseUrl())) {
                approver = new Clicks(second);
                second.signInFrom("/bulk?job=" + job, TestUsers.ADMIN);
                second.awaitTextContains(jobRow, "INC-512: PSP timeouts, release the held stock");
                approver.click(By.id("bulk-approve-" + job));
                second.awaitTextContains(jobRow, "approved by " + TestUsers.ADMIN);
            }

            // the canary's ten, verified, before the rest
            operator.browser.awaitTextContains(jobRow, "review");
            operator.awaitVerified("the canary verified", 10, Duration.ofSeconds(120));
            operator.awaitGoOn("go on offered", job, Duration.ofSeconds(20));
            operator.click(By.id("bulk-resume-" + job));
            operator.awaitVerified("every saga of the job verified", total, Duration.ofSeconds(240));
            operator.browser.awaitTextContains(jobRow, "done");
            operator.browser.awaitTextContains(jobRow, total + " of " + total + " sagas as of ");
            long firstJobDone = System.nanoTime();

            // the orders held while the drill ran have timed out too: offered as an addition, and acted on
            List<String> held = arrivals.held();
            await("the orders held during the drill stuck").atMost(Duration.ofSeconds(30)).until(() ->
                    BulkJobTest.count(api, AT_PAYMENT) + count(api, "COMPENSATED") - compensatedBefore == HELD + held.size());
            int more = HELD + held.size() - total;
            assertThat(more).as("orders held by the fault after the job was made").isPositive();
            WebElement offer = operator.browser.waitFor(By.id("bulk-additions-" + job), Duration.ofSeconds(30));
            assertThat(offer.getText()).matches("\\d+ more sagas? match(es)? the filter now: act on them too \\(a new job\\)");
            long addition = newJob(operator, By.id("bulk-additions-" + job));
            JsonNode added = api.getJson("/api/bulk-jobs/" + addition);
            assertThat(added.path("total").asInt()).isEqualTo(more);
            assertThat(added.path("reason").asString()).isEqualTo("in addition to bulk job " + job
                    + ": INC-512: PSP timeouts, release the held stock");
            By additionRow = By.cssSelector("#bulk-jobs tr[data-job='" + addition + "']");
            // as many as a canary, or more: then it is reviewed like the first
            if (more >= added.path("canarySize").asInt()) {
                operator.awaitGoOn("the addition's canary verified", addition, Duration.ofSeconds(120));
                operator.click(By.id("bulk-resume-" + addition));
            }
            operator.awaitVerified("every saga of the addition verified", more, Duration.ofSeconds(120));
            operator.browser.awaitTextContains(additionRow, "done");
            Duration drill = Duration.ofNanos(System.nanoTime() - began);
            operator.browser.screenshot("outage-drill");

            System.out.printf("Outage drill: %d sagas stuck when paged, %d orders arrived during the drill (%d held by"
                            + " the fault, %d of them after the job was made); %d clicks by the operator, %d by the approver;"
                            + " %d s from the alert page to the job's %d sagas verified, %d s to every saga verified%n",
                    HELD, arrivals.arrived(), held.size(), more, operator.clicks, approver.clicks,
                    Duration.ofNanos(firstJobDone - began).toSeconds(), total, drill.toSeconds());

            // what the API says: every saga of both jobs compensated by a verified action, its ReleaseStock answered
            Set<Long> acted = new HashSet<>();
            for (long id : List.of(job, addition)) {
                JsonNode items = api.getJson("/api/bulk-jobs/" + id + "/items?limit=1000");
                assertThat(items).allSatisfy(item -> {
                    assertThat(item.path("state").asString()).isEqualTo("ACTED");
                    assertThat(item.path("actionStatus").asString()).isEqualTo("VERIFIED");
                });
                items.forEach(item -> acted.add(item.path("sagaId").asLong()));
            }
            assertThat(acted).hasSize(HELD + held.size());
            List<JsonNode> compensated = sagas(api, "COMPENSATED").stream().filter(s -> acted.contains(s.path("id")
                    .asLong()) || s.path("correlationKey").asString().matches("(held|new)-\\d+")).toList();
            assertThat(compensated).extracting(s -> s.path("id").asLong()).containsExactlyInAnyOrderElementsOf(acted);
            List<String> orders = compensated.stream().map(s -> s.path("correlationKey").asString()).toList();
            assertThat(orders).containsAll(held).contains("held-0", "held-" + (HELD - 1));
            assertThat(BulkJobTest.count(api, AT_PAYMENT)).as("nothing left stuck at charge-payment").isZero();
            await("the stand-in received every command").atMost(Duration.ofSeconds(10)).until(() ->
                    service.received().stream().filter(r -> orders.contains(r.orderId())).count() >= orders.size());
            for (String order : orders) {
                // the only step done was reserve-stock: one ReleaseStock, sent once, answered with StockReleased
                // (the saga is COMPENSATED only from that answer)
                assertThat(service.receivedFor(order)).extracting(CommandService.Received::type, CommandService.Received::idempotencyKey)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("ReleaseStock",
                                "order-placement/" + order + "/reserve-stock/compensate/1"));
            }
            assertThat(service.received()).extracting(CommandService.Received::type).doesNotContain("RefundPayment");
            // the orders paid after the fault was switched off completed on their own
            assertThat(arrivals.paid()).allSatisfy(order -> assertThat(service.receivedFor(order)).isEmpty());
        }
    }

    @Test
    void anInventoryDropIsCleanedUpFromTheListAloneAndTheStockIsReleasedInCase() {
        ApiClient api = opsplane.api();
        // inventory-drop: the stock of these orders was reserved, but StockReserved was never published; they wait at
        // reserve-stock past its timeout (the definition's default, 10 min). Other orders went through.
        Instant start = Instant.now().minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> through = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            dropped.add("dropped-" + i);
            events.add(saga.events.orderCreated("dropped-" + i, start.plusMillis(100L * i)));
        }
        for (int i = 0; i < 6; i++) {
            through.add("through-" + i);
            events.addAll(saga.events.completedSaga("through-" + i, start.plusMillis(100L * i)));
        }
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, events);
        }
        await("14 sagas stuck at reserve-stock").atMost(Duration.ofSeconds(60))
                .until(() -> BulkJobTest.count(api, AT_STOCK) == dropped.size());

        Clicks operator = new Clicks(operatorBrowser = Browser.open(opsplane.baseUrl()));
        operator.browser.get("/sagas?type=order-placement&status=STUCK&step=reserve-stock");
        operator.browser.signIn(TestUsers.OPERATOR);
        operator.browser.awaitText(By.id("saga-count"), "14 sagas");
        operator.browser.awaitText(By.id("act-on-these"), "Act on these 14 …");
        operator.click(By.id("act-on-these"));
        operator.browser.awaitUrl("the bulk page with the list's filter", url -> url.contains("/bulk?"));
        assertThat(count(operator)).isEqualTo(dropped.size());
        operator.browser.type(By.cssSelector("vaadin-text-area textarea"), "INC-513: StockReserved lost, release in case");
        long job = create(operator);
        assertThat(api.getJson("/api/bulk-jobs/" + job).path("total").asInt()).isEqualTo(dropped.size());
        // 14 is below the approval threshold: the canary runs at once
        operator.awaitGoOn("the canary verified", job, Duration.ofSeconds(120));
        assertThat(operator.browser.driver().findElement(By.id("bulk-outcome")).getText())
                .isEqualTo("Acted on 10, skipped 0; its actions: 10 verified.");
        operator.click(By.id("bulk-resume-" + job));
        operator.awaitVerified("every saga verified", 14, Duration.ofSeconds(120));
        System.out.printf("Inventory-drop drill: %d sagas stuck at reserve-stock, %d clicks%n", dropped.size(),
                operator.clicks);

        for (String order : dropped) {
            JsonNode found = api.getJson("/api/sagas?correlationKey=" + order).path("items").get(0);
            assertThat(found.path("status").asString()).as(order).isEqualTo("COMPENSATED");
            // released in case, answered: the stock the inventory held for the order is back
            assertThat(service.receivedFor(order)).extracting(CommandService.Received::type,
                    CommandService.Received::idempotencyKey).containsExactly(org.assertj.core.groups.Tuple.tuple(
                    "ReleaseStock", "order-placement/" + order + "/reserve-stock/compensate/1"));
        }
        for (String order : through) {
            assertThat(api.getJson("/api/sagas?correlationKey=" + order).path("items").get(0).path("status").asString())
                    .as(order).isEqualTo("COMPLETED");
            assertThat(service.receivedFor(order)).isEmpty();
        }
        assertThat(BulkJobTest.count(api, AT_STOCK)).isZero();
    }

    /** Creates the job the bulk page's form describes, and answers its id. */
    private static long create(Clicks person) {
        return newJob(person, By.id("bulk-create"));
    }

    /** Clicks what makes a new bulk job, and answers the new job's id once the page lists it (newest first). */
    private static long newJob(Clicks person, By button) {
        person.browser.waitFor(By.id("bulk-jobs"));
        int before = person.browser.driver().findElements(By.cssSelector("#bulk-jobs tr[data-job]")).size();
        person.click(button);
        return person.browser.until("the new job listed", d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#bulk-jobs tr[data-job]"));
            return rows.size() == before + 1 ? Long.valueOf(rows.getFirst().getAttribute("data-job")) : null;
        });
    }

    /**
     * The bulk page's count of the sagas its filter selects, once shown; where the page counts on request (a Count
     * button) rather than live, the person asks for it.
     */
    private static int count(Clicks person) {
        Browser browser = person.browser;
        browser.waitFor(By.id("bulk-create"));
        if (!browser.driver().findElements(By.id("bulk-count-button")).isEmpty()) {
            person.click(By.id("bulk-count-button"));
        }
        String text = browser.until("the count", d -> {
            String shown = d.findElement(By.id("bulk-count")).getText();
            return MATCHING.matcher(shown).find() ? shown : null;
        });
        Matcher matcher = MATCHING.matcher(text);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1).replace(",", ""));
    }

    private static long count(ApiClient api, String status) {
        return BulkJobTest.count(api, "{\"type\":\"order-placement\",\"status\":\"" + status + "\"}");
    }

    private static List<JsonNode> sagas(ApiClient api, String status) {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = api.getJson("/api/sagas?type=order-placement&status=" + status + "&limit=500"
                    + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8)));
            page.path("items").forEach(all::add);
            after = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asString();
        } while (after != null);
        return all;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A person's browser, and how many times they clicked. */
    private static final class Clicks {
        final Browser browser;
        int clicks;

        Clicks(Browser browser) {
            this.browser = browser;
        }

        void click(By locator) {
            browser.click(locator);
            clicks++;
        }

        /** Waits until the bulk page's outcome says every one of {@code sagas} was acted on and verified. */
        void awaitVerified(String what, int sagas, Duration patience) {
            String verified = "Acted on %d, skipped 0; its actions: %d verified.".formatted(sagas, sagas);
            browser.until(what, patience, d -> d.findElement(By.id("bulk-outcome")).getText().equals(verified));
        }

        /** Waits until the job may go on past its canary: its Go on button enabled. */
        void awaitGoOn(String what, long job, Duration patience) {
            browser.until(what, patience, d -> d.findElement(By.id("bulk-resume-" + job)).getAttribute("disabled") == null);
        }
    }

    /**
     * Orders arriving while the operator works, one a second as the demo's load generator places them: held by the
     * fault (stock reserved, payment never answered) until the fault is switched off, paid from then on.
     */
    private static final class Arrivals implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private final List<String> held = new CopyOnWriteArrayList<>();
        private final List<String> paid = new CopyOnWriteArrayList<>();
        /** How many more orders the fault holds (until switched off, unlimited). */
        private int toHold = Integer.MAX_VALUE;
        private int next;

        Arrivals() {
            clock.scheduleAtFixedRate(this::arrive, 0, 1, TimeUnit.SECONDS);
        }

        private synchronized void arrive() {
            String order = "new-" + next++;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (toHold > 0) {
                toHold--;
                held.add(order);
                OrderEvents.send(producer, List.of(saga.events.orderCreated(order, now),
                        saga.events.stockReserved(order, now.plusMillis(20))));
            } else {
                paid.add(order);
                OrderEvents.send(producer, saga.events.completedSaga(order, now.minusSeconds(3)));
            }
        }

        /** The fault is switched off after holding {@code orders} more. */
        synchronized void holdOnly(int orders) {
            toHold = orders;
        }

        List<String> held() {
            return List.copyOf(held);
        }

        List<String> paid() {
            return List.copyOf(paid);
        }

        int arrived() {
            return held.size() + paid.size();
        }

        @Override
        public void close() {
            clock.shutdownNow();
            try {
                clock.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close();
        }
    }
}
