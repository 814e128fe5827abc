package io.opsplane.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.Browser;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.OrderTelemetry;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (Debian's headless Chromium) against the whole application on real
 * PostgreSQL, Kafka and Elasticsearch: signing in, following the stuck count from the overview to a
 * saga with its trace waterfall and logs, deep links, what a viewer sees, trace search and the trace
 * view, logs with live tail, and the service map. Saga events go in through Kafka with traceparent
 * headers; their spans and log lines through the OTLP receiver. Takes the README's screenshots on the way.
 */
class ConsoleBrowserTest {

    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static long stuckSagaId;
    private static String paymentGroup;
    private static String paymentsTopic;
    @AutoClose
    private Browser browser;

    @BeforeAll
    static void start() {
        OrderSaga saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        paymentGroup = "payment-service-" + saga.prefix;
        paymentsTopic = saga.payments;
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofSeconds(1)))
                .elasticsearch(TestElasticsearch.uniquePrefix()).property("opsplane.lag.sample-interval", "1s")
                .property("opsplane.lag.group-services." + paymentGroup, "payment-service").start();
        api = opsplane.api();
        Instant start = Instant.now().minus(Duration.ofMinutes(50)).truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stream.addAll(events.completedSaga("o-10" + (10 + i), start.plus(Duration.ofMinutes(3L * i))));
        }
        stream.addAll(events.compensatedSaga("o-1030", start.plus(Duration.ofMinutes(20))));
        for (int i = 0; i < 3; i++) {
            stream.add(events.orderCreated("o-104" + i, start.plus(Duration.ofMinutes(40 + i))));
            stream.add(events.stockReserved("o-104" + i, start.plus(Duration.ofMinutes(40 + i)).plusSeconds(2)));
        }
        stream.add(events.orderCreated("o-1050", Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        stream.add(new ProducerRecord<>(saga.payments, null, OrderEvents.bytes("{\"eventType\": truncated")));
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, stream);
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.getJson("/api/sagas?status=STUCK").path("items").size() == 3
                        && api.getJson("/api/sagas?status=COMPLETED").path("items").size() == 12);
        stuckSagaId = api.getJson("/api/sagas?correlationKey=o-1041").path("items").get(0).path("id").asLong();

        // what the services exported for those orders, on the trace ids their events carried
        for (int i = 0; i < 12; i++) {
            OrderTelemetry.export(api, "o-10" + (10 + i), start.plus(Duration.ofMinutes(3L * i)), false);
        }
        OrderTelemetry.export(api, "o-1030", start.plus(Duration.ofMinutes(20)), true);
        for (int i = 0; i < 3; i++) {
            OrderTelemetry.export(api, "o-104" + i, start.plus(Duration.ofMinutes(40 + i)), true);
        }
        TestElasticsearch.refresh();

        // the payment service's group has committed nothing past the start of the payment events: 14 behind
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> fromTheStart = new java.util.HashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                fromTheStart.put(new TopicPartition(saga.payments, partition), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(paymentGroup, fromTheStart).all().get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        // sampled before any page shows it, so each page shows it on its first read
        await("the payment group sampled").atMost(Duration.ofSeconds(30)).until(() -> {
            for (var group : api.getJson("/api/kafka/groups")) {
                if (group.path("group").asString().equals(paymentGroup) && group.path("lag").asLong() == 14) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void anOperatorSignsInAndFollowsTheStuckCountToTheWaitingStep() {
        browser = Browser.signedInFrom(opsplane.baseUrl(), "/", TestUsers.OPERATOR);

        WebElement stuckCount = browser.waitFor(By.cssSelector("a.opsplane-count[href*='stuckReason=STEP_TIMEOUT']"));
        assertThat(stuckCount.getText()).isEqualTo("3");
        browser.waitFor(By.cssSelector("#activity-chart svg"));
        assertThat(browser.driver().findElement(By.id("signed-in-user")).getText()).isEqualTo("operator · OPERATOR");
        WebElement paymentErrors = browser.waitFor(By.cssSelector(
                "#services-table tr[data-service='payment-service'] a[data-figure='errors']"));
        assertThat(paymentErrors.getAttribute("href")).contains("traces?service=payment-service&tags=error%3Dtrue");
        assertThat(paymentErrors.getText()).isNotEqualTo("0.0 %");
        By paymentLag = By.cssSelector("#services-table tr[data-service='payment-service'] [data-figure='kafka-lag']");
        browser.awaitTextContains(paymentLag, "14 behind");
        browser.awaitTextContains(paymentLag, "on " + paymentsTopic + " · no active members");
        assertThat(browser.driver().findElement(By.cssSelector("#stuck-by-step a.opsplane-count")).getAttribute("href"))
                .endsWith("sagas?type=order-placement&status=STUCK&step=charge-payment");
        browser.screenshot("overview");

        browser.click(By.cssSelector("a.opsplane-count[href*='stuckReason=STEP_TIMEOUT']"));
        browser.awaitUrl("the stuck list", url -> url.contains("sagas?status=STUCK&stuckReason=STEP_TIMEOUT"));
        browser.awaitText(By.id("saga-count"), "3 sagas");
        browser.waitFor(By.xpath("//vaadin-grid//a[text()='o-1041']"));
        browser.screenshot("saga-list");

        browser.click(By.xpath("//vaadin-grid//a[text()='o-1041']"));
        browser.awaitUrl("the saga", url -> url.endsWith("/sagas/" + stuckSagaId));
        WebElement waiting = browser.waitFor(By.id("saga-waiting"));
        assertThat(waiting.getText()).contains("Waiting for PaymentCompleted", "Step charge-payment",
                "responsible: payment", "overdue by", "Stuck (step timeout)");
        assertWaitsAtPaymentWhoseGroupIsIdleAndBehind();
        assertThat(browser.driver().findElement(By.cssSelector("pre[data-event='OrderCreated']")).getText())
                .contains("o-1041@example.com");

        // as Jaeger shows it: 16 hex digits when the high half is zero
        String traceId = Traces.canonicalId(OrderEvents.traceIdOf("o-1041"));
        WebElement failedSpan = browser.waitFor(By.cssSelector("#saga-waterfall .wf-row[data-error='true']"));
        assertThat(failedSpan.getAttribute("data-service")).isIn(OrderTelemetry.PAYMENT_SERVICE,
                OrderTelemetry.CARD_GATEWAY);
        assertThat(browser.driver().findElement(By.cssSelector("#saga-waterfall a[data-trace='" + traceId + "']"))
                .getAttribute("href")).endsWith("/traces/" + traceId);
        assertThat(browser.driver().findElements(By.cssSelector("#saga-waterfall .wf-row[data-span]"))).hasSize(8);
        assertThat(browser.waitFor(By.id("span-details")).getText()).contains("This span failed.", "error");
        List<String> logLines = browser.waitFor(By.id("saga-log-lines")).findElements(By.className("opsplane-log-line"))
                .stream().map(WebElement::getText).toList();
        assertThat(logLines).hasSize(4);
        assertThat(logLines.getFirst()).contains("INFO", "order-service", "Order o-1041 created");
        assertThat(logLines.getLast()).contains("ERROR", "payment-service",
                "Card charge failed for order o-1041: gateway timeout");
        browser.screenshotOfWholePage("saga-detail");
    }

    @Test
    void aKoreanBrowserGetsTheConsoleInKoreanAndMaySwitchToEnglish() {
        browser = Browser.open(opsplane.baseUrl(), "ko");
        browser.get("/sagas?status=STUCK");
        browser.awaitUrl("the login page", url -> url.endsWith("/login"));
        browser.awaitTextContains(By.tagName("body"), "사가가 무엇을 기다리는지");
        awaitTabTitle("로그인 · Opsplane");
        browser.signIn(TestUsers.VIEWER);
        browser.awaitUrl("the stuck list", url -> url.contains("sagas?status=STUCK"));
        awaitTabTitle("사가 · Opsplane");

        browser.awaitText(By.id("saga-count"), "사가 3건");
        String menu = browser.waitFor(By.cssSelector(".opsplane-nav")).getText();
        assertThat(menu).contains("개요", "사가", "트레이스", "로그", "알림", "더 보기");
        assertThat(browser.driver().findElement(By.id("signed-in-user")).getText()).isEqualTo("viewer · 조회자");
        assertThat(browser.pageText()).contains("필터 지우기", "상관 키", "기다리는 것", "멈춤");
        browser.waitFor(By.xpath("//vaadin-grid//a[text()='o-1041']"));

        // the switch in the bar: the page comes back in English, and stays so for the session
        browser.click(By.id("language"));
        browser.clickAndAwaitReload(By.xpath("//vaadin-select-item[normalize-space()='English']"));
        browser.awaitText(By.id("saga-count"), "3 sagas");
        awaitTabTitle("Sagas · Opsplane");
        assertThat(browser.waitFor(By.cssSelector(".opsplane-nav")).getText()).contains("Overview", "Sagas", "Traces",
                "Logs", "Alerts", "More");
        assertThat(browser.driver().findElement(By.id("signed-in-user")).getText()).isEqualTo("viewer · VIEWER");
        browser.get("/sagas/" + stuckSagaId);
        browser.awaitTextContains(By.id("saga-waiting"), "Waiting for PaymentCompleted");
        browser.refresh();
        browser.awaitTextContains(By.id("saga-waiting"), "Waiting for PaymentCompleted");

        // and back: the saga page in Korean, data as it is
        browser.click(By.id("language"));
        browser.clickAndAwaitReload(By.xpath("//vaadin-select-item[normalize-space()='한국어']"));
        browser.awaitTextContains(By.id("saga-waiting"), "PaymentCompleted 대기 중");
        assertThat(browser.driver().findElement(By.id("saga-waiting")).getText()).contains("담당: payment",
                "멈춤(단계 시간 초과)");
        // why it waits: the feature's sentence in Korean, its data as it is
        browser.awaitTextContains(By.id("why-sentence"), "payment의 컨슈머 그룹 " + paymentGroup);
        assertThat(browser.driver().findElement(By.id("why-sentence")).getText())
                .contains("레코드 14건", paymentsTopic, "활성 멤버");

        // the sections read after the page has opened, off the page's thread, speak its language too
        assertThat(browser.waitFor(By.xpath("//div[@id='saga-traces']/preceding-sibling::h3")).getText())
                .isEqualTo("트레이스");
        assertThat(browser.driver().findElement(By.xpath("//div[@id='saga-logs']/preceding-sibling::h3")).getText())
                .isEqualTo("로그");
        browser.waitFor(By.id("saga-waterfall"));
        assertThat(browser.driver().findElement(By.id("saga-traces")).getText()).contains("한 시간 축에 보여 줍니다")
                .doesNotContain("time axis");
        assertThat(browser.waitFor(By.cssSelector("#saga-log-lines a[data-trace]")).getText()).isEqualTo("트레이스");
        browser.awaitTextContains(By.id("why-others"), "charge-payment 단계: 다른 사가 2건 멈춤, 0건 실행 중.");
        browser.get("/traces?service=payment-service&lookback=2h");
        awaitTabTitle("트레이스 · Opsplane");
        // a chart's own words: its legend and axis
        browser.waitFor(By.cssSelector("#trace-scatter svg"));
        assertThat(browser.js("""
                const options = echarts.getInstanceByDom(document.getElementById('trace-scatter')).getOption();
                return [...options.legend[0].data, options.yAxis[0].name];""")).isEqualTo(List.of("트레이스", "오류 있음",
                "소요 시간 (ms)"));
    }

    private void awaitTabTitle(String title) {
        browser.until("the tab's title " + title, driver -> title.equals(driver.getTitle()));
    }

    @Test
    void deepLinksOpenTheSagaAndTheFilteredListAfterSigningIn() {
        browser = Browser.signedInFrom(opsplane.baseUrl(), "/sagas/" + stuckSagaId, TestUsers.VIEWER);
        // back where the link pointed
        browser.awaitUrl("the saga", url -> url.endsWith("/sagas/" + stuckSagaId));
        assertThat(browser.waitFor(By.id("saga-title")).getText()).isEqualTo("o-1041");
        assertWaitsAtPaymentWhoseGroupIsIdleAndBehind();
        assertThat(browser.driver().findElement(By.cssSelector("#saga-steps li[data-step='reserve-stock']"))
                .getAttribute("data-state")).isEqualTo("DONE");

        browser.get("/sagas?status=COMPENSATED");
        browser.awaitText(By.id("saga-count"), "1 saga");
        browser.waitFor(By.xpath("//vaadin-grid//a[text()='o-1030']"));

        browser.get("/sagas?status=NOT_A_STATUS");
        assertThat(browser.waitFor(By.id("filter-problems")).getText()).contains("'status' cannot be 'NOT_A_STATUS'");
    }

    @Test
    void aViewerSeesMaskedPayloads() {
        browser = Browser.signedIn(opsplane.baseUrl(), TestUsers.VIEWER);
        browser.waitFor(By.id("overview-updated"));
        browser.get("/sagas/" + stuckSagaId);
        String payload = browser.waitFor(By.cssSelector("pre[data-event='OrderCreated']")).getText();
        assertThat(payload).contains("\"email\" : \"" + Masking.MASK + "\"").doesNotContain("@example.com")
                .contains("\"orderId\" : \"o-1041\"");
        assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains("are masked for your role");
        // the whole page, telemetry included, before looking for what must not be there
        browser.waitFor(By.id("saga-log-lines"));
        browser.waitFor(By.id("saga-waterfall"));
        List<String> actions = browser.driver().findElements(By.cssSelector("vaadin-button, button, [role='button']")).stream()
                .map(WebElement::getText).map(String::trim)
                .filter(text -> text.matches("(?i).*\\b(compensate|retry|resolve)\\b.*")).toList();
        assertThat(actions).as("action buttons a viewer must not see").isEmpty();
    }

    @Test
    void tracesAreFoundOnTheScatterAndATraceShowsItsFailedSpanAndItsSaga() {
        browser = Browser.signedInFrom(opsplane.baseUrl(), "/traces?service=payment-service&lookback=2h",
                TestUsers.VIEWER);
        browser.awaitUrl("the search", url -> url.contains("/traces?service=payment-service&lookback=2h"));
        WebElement scatter = browser.waitFor(By.cssSelector("#trace-scatter svg"));
        browser.awaitText(By.id("trace-count"), "16 traces, last 2h");
        String traceId = Traces.canonicalId(OrderEvents.traceIdOf("o-1041"));
        assertThat(browser.driver().findElement(By.cssSelector("#trace-list tr[data-trace='" + traceId + "']"))
                .getAttribute("data-error")).isEqualTo("true");
        assertThat(browser.driver().findElements(By.cssSelector("#trace-list tr[data-error='true']"))).hasSize(4);
        browser.screenshot("traces");

        // a real click on the red point of o-1041's trace
        Object[] at = ((java.util.List<?>) browser.js("""
                const chart = echarts.getInstanceByDom(document.getElementById('trace-scatter'));
                const series = chart.getOption().series[1];
                const point = series.data.find((p) => p[3] === arguments[0]);
                return chart.convertToPixel({ seriesIndex: 1 }, [point[0], point[1]]);""", traceId)).toArray();
        org.openqa.selenium.Rectangle box = scatter.findElement(By.xpath("..")).getRect();
        new org.openqa.selenium.interactions.Actions(browser.driver()).moveToElement(scatter.findElement(By.xpath("..")),
                (int) Math.round(((Number) at[0]).doubleValue() - box.getWidth() / 2.0),
                (int) Math.round(((Number) at[1]).doubleValue() - box.getHeight() / 2.0)).click().perform();
        browser.awaitUrl("the trace", url -> url.endsWith("/traces/" + traceId));

        WebElement waterfall = browser.waitFor(By.id("trace-waterfall"));
        List<WebElement> failed = waterfall.findElements(By.cssSelector(".wf-row[data-error='true']"));
        assertThat(failed).extracting(row -> row.getAttribute("data-service")).containsExactly(
                OrderTelemetry.PAYMENT_SERVICE, OrderTelemetry.PAYMENT_SERVICE, OrderTelemetry.CARD_GATEWAY);
        assertThat(failed.getFirst().getText()).contains("ERROR");
        assertThat(browser.waitFor(By.id("trace-errors")).getText()).isEqualTo("3 failed spans");
        // the span details: the first failed span is chosen; choosing another by keyboard shows it
        assertThat(browser.driver().findElement(By.id("span-details")).getText()).contains("payment-service · inventory process",
                "This span failed.");
        WebElement charge = waterfall.findElements(By.cssSelector(".wf-row[data-span] button")).stream()
                .filter(button -> button.getText().contains("POST /charges")).findFirst().orElseThrow();
        charge.sendKeys(Keys.ENTER);
        browser.awaitTextContains(By.id("span-details"), "exception.message=gateway timeout after 2400 ms");
        assertThat(browser.driver().findElement(By.id("span-details")).getText()).contains("server.address", "gateway.example",
                "host.name", "payment-service-1");
        WebElement saga = browser.driver().findElement(By.cssSelector("#trace-saga a[data-saga]"));
        assertThat(saga.getText()).isEqualTo("o-1041");
        browser.screenshot("trace");

        browser.click(By.cssSelector("#trace-saga a[data-saga]"));
        browser.awaitUrl("the saga", url -> url.endsWith("/sagas/" + stuckSagaId));
        browser.waitFor(By.id("saga-waiting"));
    }

    @Test
    void logsShowTheHistogramAndLiveTailShowsANewLineAtTheTop() {
        browser = Browser.signedInFrom(opsplane.baseUrl(), "/logs?service=payment-service&lookback=2h",
                TestUsers.OPERATOR);
        browser.waitFor(By.cssSelector("#log-histogram svg"));
        browser.awaitText(By.id("log-count"), "20 lines, last 2h");
        WebElement newest = browser.waitFor(By.cssSelector("#log-lines .opsplane-log-line"));
        assertThat(newest.getText()).contains("ERROR", "Card charge failed for order o-1042");
        assertThat(newest.findElement(By.cssSelector("a[data-trace]")).getAttribute("href"))
                .endsWith("/traces/" + OrderEvents.traceIdOf("o-1042"));
        assertThat(newest.findElement(By.cssSelector("a[data-saga]")).getText()).isEqualTo("saga o-1042");

        browser.click(By.cssSelector("#live-tail input"));
        browser.awaitTextContains(By.id("tail-state"), "Following new lines");
        String marker = "Refund requested for order o-1041 (" + java.util.UUID.randomUUID() + ")";
        var sent = api.ingest().post("/v1/logs", "application/json", OrderTelemetry.line(OrderTelemetry.PAYMENT_SERVICE,
                OrderEvents.traceIdOf("o-1041"), Instant.now(), 13, "WARN", marker), java.util.Map.of());
        assertThat(sent.statusCode()).isEqualTo(200);
        // live tail puts the new line at the top without searching again
        browser.awaitTextContains(By.cssSelector("#log-lines .opsplane-log-line"), marker);
        WebElement tailed = browser.driver().findElement(By.cssSelector("#log-lines .opsplane-log-line"));
        assertThat(tailed.getText()).contains("WARN", "payment-service");
        assertThat(tailed.findElement(By.cssSelector("a[data-saga]")).getText()).isEqualTo("saga o-1041");
        // the search was not run again: the older lines are all still there, below the new one
        assertThat(browser.driver().findElements(By.cssSelector("#log-lines .opsplane-log-line"))).hasSize(21);
        browser.screenshot("logs");
    }

    @Test
    void theSagaFlowShowsWhereTheSagasAreAndACountOpensThoseSagas() {
        browser = Browser.signedInFrom(opsplane.baseUrl(), "/flow?type=order-placement&lookback=2h",
                TestUsers.VIEWER);
        browser.awaitText(By.id("flow-caption"), "17 started in the last 2h");
        By paymentStuck = By.cssSelector(".opsplane-flow-step[data-step='charge-payment'] a[data-count='STUCK']");
        browser.awaitText(paymentStuck, "3");
        assertThat(browser.driver().findElement(By.cssSelector(
                ".opsplane-flow-step[data-step='reserve-stock'] a[data-count='RUNNING']")).getText()).isEqualTo("1");
        assertThat(browser.driver().findElement(By.cssSelector(
                ".opsplane-flow-step[data-step='charge-payment'] .opsplane-flow-timing")).getText())
                .isEqualTo("p50 1 s · p95 1 s · 12 finished");
        assertThat(browser.driver().findElement(By.id("flow-paths")).getText())
                .isEqualTo("Of 17 started: 12 completed (92 %), 1 compensated (8 %), 4 still open.");
        browser.waitFor(By.cssSelector("#flow-durations-chart svg"));
        browser.screenshot("saga-flow");

        browser.click(paymentStuck);
        browser.awaitUrl("the stuck list", url -> url.contains("sagas?type=order-placement&status=STUCK&step=charge-payment"));
        browser.awaitText(By.id("saga-count"), "3 sagas");
    }

    @Test
    void theServiceMapShowsCallsTopicsAndTheErrorHeavyEdges() {
        browser = Browser.signedInFrom(opsplane.baseUrl(), "/service-map?lookback=2h", TestUsers.VIEWER);
        browser.waitFor(By.cssSelector("#service-graph svg"));
        // the services' Kafka hops are topics between them, not calls
        browser.awaitText(By.id("service-map-caption"), "4 services, 2 topics, 16 calls, 4 failed, last 2h");
        assertThat(browser.driver().findElements(By.cssSelector("#service-calls tr[data-error-heavy='true']")))
                .extracting(row -> row.getAttribute("data-edge")).containsExactly("payment-service->card-gateway");
        assertThat(browser.driver().findElements(By.cssSelector("#service-topics tr[data-edge]")))
                .extracting(row -> row.getAttribute("data-edge")).containsExactly("inventory-service->inventory",
                        "inventory->payment-service", "order-service->orders", "orders->inventory-service");
        assertThat(browser.driver().findElement(By.cssSelector("#service-topics tr[data-edge='orders->inventory-service']"))
                .getText()).contains("consumes", "16");
        // payment-service is responsible for the three stuck sagas: named on the map, in red
        assertThat(browser.driver().findElement(By.id("service-graph")).getAttribute("aria-label"))
                .contains("2 topics between them", "in trouble: card-gateway, payment-service");
        browser.screenshot("service-map");

        browser.click(By.cssSelector("#service-topics tr[data-edge='order-service->orders'] a"));
        browser.awaitUrl("the producer's traces", url -> url.contains("/traces?service=order-service&lookback=2h"));
        browser.waitFor(By.cssSelector("#trace-scatter svg"));
    }

    @Test
    void theSearchBoxFindsASagaByItsTraceIdAndTheThemeIsRemembered() {
        browser = Browser.signedIn(opsplane.baseUrl(), TestUsers.ADMIN);
        WebElement search = browser.waitFor(By.cssSelector("vaadin-text-field input[aria-label], vaadin-text-field input"));
        search.sendKeys(OrderEvents.traceIdOf("o-1042"), Keys.ENTER);
        browser.awaitUrl("the saga found", url -> url.matches(".*/sagas/\\d+$"));
        assertThat(browser.waitFor(By.id("saga-title")).getText()).isEqualTo("o-1042");

        String before = browser.driver().findElement(By.tagName("html")).getAttribute("theme");
        browser.click(By.id("theme-toggle"));
        String after = before.equals("dark") ? "light" : "dark";
        await("the other theme").until(() -> after.equals(browser.driver().findElement(By.tagName("html")).getAttribute("theme")));
        browser.refresh();
        browser.waitFor(By.id("saga-title"));
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("theme")).isEqualTo(after);
    }

    @Test
    void theNavigationKeepsToOneLineAndMoreOpensTheRest() {
        // the operator's "operator · OPERATOR" is the widest of the test users' names
        browser = Browser.signedIn(opsplane.baseUrl(), TestUsers.OPERATOR);
        browser.waitFor(By.cssSelector(".opsplane-nav a"));
        // at 1440 px every entry of the bar is in sight, on one line
        assertThat(browser.js("""
                const nav = document.querySelector('.opsplane-nav');
                const tops = new Set([...nav.children].map(c => Math.round(c.getBoundingClientRect().top)));
                return nav.scrollWidth <= nav.clientWidth + 1 && tops.size === 1;""")).isEqualTo(true);
        assertThat(browser.driver().findElements(By.cssSelector(".opsplane-nav > a"))).extracting(WebElement::getText)
                .containsExactly("Overview", "Sagas", "Saga flow", "Traces", "Logs", "Alerts", "Service map");

        browser.click(By.id("nav-more"));
        browser.click(By.xpath("//vaadin-menu-bar-item//a[normalize-space()='Audit']"));
        browser.awaitUrl("the audit page", url -> url.endsWith("/audit"));
        browser.waitFor(By.id("audit-chain"));
    }

    /** The stuck saga's page: it waits at charge-payment, and why: the payment service's group has nobody consuming. */
    private void assertWaitsAtPaymentWhoseGroupIsIdleAndBehind() {
        assertThat(browser.driver().findElement(By.cssSelector("#saga-steps li[data-step='charge-payment']"))
                .getAttribute("data-state")).isEqualTo("WAITING");
        browser.awaitTextContains(By.id("why-sentence"), "payment's group " + paymentGroup);
        assertThat(browser.driver().findElement(By.id("why-sentence")).getText())
                .contains("14 records behind on " + paymentsTopic, "no active members");
        assertThat(browser.driver().findElement(By.id("why-others")).getText())
                .isEqualTo("At charge-payment: 2 other sagas stuck, 0 running.");
    }

    @Test
    void choosingANamespaceNarrowsTheOverviewsServiceFigures() {
        // a service of another team and one of the shop, each naming its namespace on its spans
        exportSpan("ledger-service", "finance");
        exportSpan("till-service", "shop");
        TestElasticsearch.refresh();
        browser = Browser.signedInFrom(opsplane.baseUrl(), "/", TestUsers.VIEWER);
        By ledger = By.cssSelector("#services-table tr[data-service='ledger-service']");
        By till = By.cssSelector("#services-table tr[data-service='till-service']");
        browser.waitFor(ledger);
        browser.waitFor(till);

        browser.type(By.cssSelector("#overview-namespace input"), "finance", Keys.ENTER);
        browser.awaitUrl("the overview of finance", url -> url.contains("namespace=finance"));
        browser.until("the services of finance only", driver -> driver.findElements(till).isEmpty()
                && !driver.findElements(ledger).isEmpty());
        assertThat(browser.driver().findElements(By.cssSelector("#services-table tr[data-service]")))
                .extracting(row -> row.getAttribute("data-service")).containsExactly("ledger-service");
    }

    /** One server span of {@code service} in {@code namespace} (environment prod), a minute ago, through OTLP. */
    private static void exportSpan(String service, String namespace) {
        Instant start = Instant.now().minus(Duration.ofMinutes(1));
        long startNanos = ChronoUnit.NANOS.between(Instant.EPOCH, start);
        String traceId = String.format("%032x", Math.abs((long) (service + start).hashCode()) + 1);
        String json = """
                {"resourceSpans": [{"resource": {"attributes": [
                   {"key": "service.name", "value": {"stringValue": "%s"}},
                   {"key": "service.namespace", "value": {"stringValue": "%s"}},
                   {"key": "deployment.environment.name", "value": {"stringValue": "prod"}}]},
                 "scopeSpans": [{"scope": {"name": "io.opentelemetry.shop"}, "spans": [{"traceId": "%s",
                   "spanId": "%s", "name": "GET /balance", "kind": 2, "startTimeUnixNano": "%d",
                   "endTimeUnixNano": "%d"}]}]}]}""".formatted(service, namespace, traceId, traceId.substring(16),
                startNanos, startNanos + 25_000_000L);
        var response = api.ingest().post("/v1/traces", "application/json",
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("rejected");
    }
}
