package io.opsplane.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.console.security.PayloadMasking;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.OrderTelemetry;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium) against the whole application on real
 * PostgreSQL, Kafka and Elasticsearch: signing in, following the stuck count from the overview to a
 * saga with its trace waterfall and logs, deep links, what a viewer sees, trace search and the trace
 * view, logs with live tail, and the service map. Saga events go in through Kafka with traceparent
 * headers; their spans and log lines through the OTLP receiver. Takes the README's screenshots on the way.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static long stuckSagaId;
    private WebDriver browser;

    @BeforeAll
    static void start() {
        assertThat(CHROMIUM).as("the browser tests need Debian's chromium and chromium-driver:"
                + " apt-get install -y chromium chromium-driver").exists();
        assertThat(CHROMEDRIVER).as("apt-get install -y chromium-driver").exists();
        OrderSaga saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofSeconds(1)))
                .elasticsearch(TestElasticsearch.uniquePrefix()).start();
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
    }

    @AfterAll
    static void stop() {
        if (opsplane != null) {
            opsplane.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorSignsInAndFollowsTheStuckCountToTheWaitingStep() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/");
        awaitUrl("the login page", url -> url.endsWith("/login"));
        signIn(TestUsers.OPERATOR);

        WebElement stuckCount = waitFor(By.cssSelector("a.opsplane-count[href*='stuckReason=STEP_TIMEOUT']"));
        assertThat(stuckCount.getText()).isEqualTo("3");
        waitFor(By.cssSelector("#activity-chart svg"));
        assertThat(browser.findElement(By.id("signed-in-user")).getText()).isEqualTo("operator · OPERATOR");
        WebElement paymentErrors = waitFor(By.cssSelector(
                "#services-table tr[data-service='payment-service'] a[data-figure='errors']"));
        assertThat(paymentErrors.getAttribute("href")).contains("traces?service=payment-service&tags=error%3Dtrue");
        assertThat(paymentErrors.getText()).isNotEqualTo("0.0 %");
        screenshot("overview");

        stuckCount.click();
        awaitUrl("the stuck list", url -> url.contains("sagas?status=STUCK&stuckReason=STEP_TIMEOUT"));
        awaitText(By.id("saga-count"), "3 sagas");
        WebElement row = waitFor(By.xpath("//vaadin-grid//a[text()='o-1041']"));
        screenshot("saga-list");

        row.click();
        awaitUrl("the saga", url -> url.endsWith("/sagas/" + stuckSagaId));
        WebElement waiting = waitFor(By.id("saga-waiting"));
        assertThat(waiting.getText()).contains("Waiting for PaymentCompleted", "Step charge-payment",
                "responsible: payment", "overdue by", "Stuck (step timeout)");
        assertThat(browser.findElement(By.cssSelector("#saga-steps li[data-step='charge-payment']"))
                .getAttribute("data-state")).isEqualTo("WAITING");
        assertThat(browser.findElement(By.cssSelector("pre[data-event='OrderCreated']")).getText())
                .contains("o-1041@example.com");

        // as Jaeger shows it: 16 hex digits when the high half is zero
        String traceId = Traces.canonicalId(OrderEvents.traceIdOf("o-1041"));
        WebElement failedSpan = waitFor(By.cssSelector("#saga-waterfall .wf-row[data-error='true']"));
        assertThat(failedSpan.getAttribute("data-service")).isIn(OrderTelemetry.PAYMENT_SERVICE,
                OrderTelemetry.CARD_GATEWAY);
        assertThat(browser.findElement(By.cssSelector("#saga-waterfall a[data-trace='" + traceId + "']"))
                .getAttribute("href")).endsWith("/traces/" + traceId);
        assertThat(browser.findElements(By.cssSelector("#saga-waterfall .wf-row[data-span]"))).hasSize(8);
        assertThat(waitFor(By.id("span-details")).getText()).contains("This span failed.", "error");
        List<String> logLines = waitFor(By.id("saga-log-lines")).findElements(By.className("opsplane-log-line"))
                .stream().map(WebElement::getText).toList();
        assertThat(logLines).hasSize(4);
        assertThat(logLines.getFirst()).contains("INFO", "order-service", "Order o-1041 created");
        assertThat(logLines.getLast()).contains("ERROR", "payment-service",
                "Card charge failed for order o-1041: gateway timeout");
        screenshotOfWholePage("saga-detail");
    }

    @Test
    void deepLinksOpenTheSagaAndTheFilteredListAfterSigningIn() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/sagas/" + stuckSagaId);
        awaitUrl("the login page", url -> url.endsWith("/login"));
        signIn(TestUsers.VIEWER);
        // back where the link pointed
        awaitUrl("the saga", url -> url.endsWith("/sagas/" + stuckSagaId));
        assertThat(waitFor(By.id("saga-title")).getText()).isEqualTo("o-1041");
        assertThat(browser.findElement(By.cssSelector("#saga-steps li[data-step='charge-payment']"))
                .getAttribute("data-state")).isEqualTo("WAITING");
        assertThat(browser.findElement(By.cssSelector("#saga-steps li[data-step='reserve-stock']"))
                .getAttribute("data-state")).isEqualTo("DONE");

        browser.get(opsplane.baseUrl() + "/sagas?status=COMPENSATED");
        awaitText(By.id("saga-count"), "1 saga");
        waitFor(By.xpath("//vaadin-grid//a[text()='o-1030']"));

        browser.get(opsplane.baseUrl() + "/sagas?status=NOT_A_STATUS");
        assertThat(waitFor(By.id("filter-problems")).getText()).contains("'status' cannot be 'NOT_A_STATUS'");
    }

    @Test
    void aViewerSeesMaskedPayloads() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/login");
        signIn(TestUsers.VIEWER);
        waitFor(By.id("overview-updated"));
        browser.get(opsplane.baseUrl() + "/sagas/" + stuckSagaId);
        String payload = waitFor(By.cssSelector("pre[data-event='OrderCreated']")).getText();
        assertThat(payload).contains("\"email\" : \"" + PayloadMasking.MASK + "\"").doesNotContain("@example.com")
                .contains("\"orderId\" : \"o-1041\"");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("are masked for your role");
        // the whole page, telemetry included, before looking for what must not be there
        waitFor(By.id("saga-log-lines"));
        waitFor(By.id("saga-waterfall"));
        List<String> actions = browser.findElements(By.cssSelector("vaadin-button, button, [role='button']")).stream()
                .map(WebElement::getText).map(String::trim)
                .filter(text -> text.matches("(?i).*\\b(compensate|retry|resolve)\\b.*")).toList();
        assertThat(actions).as("action buttons a viewer must not see").isEmpty();
    }

    @Test
    void tracesAreFoundOnTheScatterAndATraceShowsItsFailedSpanAndItsSaga() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/traces?service=payment-service&lookback=2h");
        awaitUrl("the login page", url -> url.endsWith("/login"));
        signIn(TestUsers.VIEWER);
        awaitUrl("the search", url -> url.contains("/traces?service=payment-service&lookback=2h"));
        WebElement scatter = waitFor(By.cssSelector("#trace-scatter svg"));
        awaitText(By.id("trace-count"), "16 traces, last 2h");
        String traceId = Traces.canonicalId(OrderEvents.traceIdOf("o-1041"));
        assertThat(browser.findElement(By.cssSelector("#trace-list tr[data-trace='" + traceId + "']"))
                .getAttribute("data-error")).isEqualTo("true");
        assertThat(browser.findElements(By.cssSelector("#trace-list tr[data-error='true']"))).hasSize(4);
        screenshot("traces");

        // a real click on the red point of o-1041's trace
        Object[] at = ((java.util.List<?>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const chart = echarts.getInstanceByDom(document.getElementById('trace-scatter'));
                const series = chart.getOption().series[1];
                const point = series.data.find((p) => p[3] === arguments[0]);
                return chart.convertToPixel({ seriesIndex: 1 }, [point[0], point[1]]);""", traceId)).toArray();
        org.openqa.selenium.Rectangle box = scatter.findElement(By.xpath("..")).getRect();
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(scatter.findElement(By.xpath("..")),
                (int) Math.round(((Number) at[0]).doubleValue() - box.getWidth() / 2.0),
                (int) Math.round(((Number) at[1]).doubleValue() - box.getHeight() / 2.0)).click().perform();
        awaitUrl("the trace", url -> url.endsWith("/traces/" + traceId));

        WebElement waterfall = waitFor(By.id("trace-waterfall"));
        List<WebElement> failed = waterfall.findElements(By.cssSelector(".wf-row[data-error='true']"));
        assertThat(failed).extracting(row -> row.getAttribute("data-service")).containsExactly(
                OrderTelemetry.PAYMENT_SERVICE, OrderTelemetry.PAYMENT_SERVICE, OrderTelemetry.CARD_GATEWAY);
        assertThat(failed.getFirst().getText()).contains("ERROR");
        assertThat(waitFor(By.id("trace-errors")).getText()).isEqualTo("3 failed spans");
        // the span details: the first failed span is chosen; choosing another by keyboard shows it
        assertThat(browser.findElement(By.id("span-details")).getText()).contains("payment-service · inventory process",
                "This span failed.");
        WebElement charge = waterfall.findElements(By.cssSelector(".wf-row[data-span] button")).stream()
                .filter(button -> button.getText().contains("POST /charges")).findFirst().orElseThrow();
        charge.sendKeys(Keys.ENTER);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver.findElement(By.id("span-details"))
                    .getText().contains("exception.message=gateway timeout after 2400 ms"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the charge's details are not shown; the details show:\n"
                    + browser.findElement(By.id("span-details")).getText(), e);
        }
        assertThat(browser.findElement(By.id("span-details")).getText()).contains("server.address", "gateway.example",
                "host.name", "payment-service-1");
        WebElement saga = browser.findElement(By.cssSelector("#trace-saga a[data-saga]"));
        assertThat(saga.getText()).isEqualTo("o-1041");
        screenshot("trace");

        saga.click();
        awaitUrl("the saga", url -> url.endsWith("/sagas/" + stuckSagaId));
        waitFor(By.id("saga-waiting"));
    }

    @Test
    void logsShowTheHistogramAndLiveTailShowsANewLineAtTheTop() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/logs?service=payment-service&lookback=2h");
        awaitUrl("the login page", url -> url.endsWith("/login"));
        signIn(TestUsers.OPERATOR);
        waitFor(By.cssSelector("#log-histogram svg"));
        awaitText(By.id("log-count"), "20 lines, last 2h");
        WebElement newest = waitFor(By.cssSelector("#log-lines .opsplane-log-line"));
        assertThat(newest.getText()).contains("ERROR", "Card charge failed for order o-1042");
        assertThat(newest.findElement(By.cssSelector("a[data-trace]")).getAttribute("href"))
                .endsWith("/traces/" + OrderEvents.traceIdOf("o-1042"));
        assertThat(newest.findElement(By.cssSelector("a[data-saga]")).getText()).isEqualTo("saga o-1042");

        browser.findElement(By.cssSelector("#live-tail input")).click();
        awaitTextContains(By.id("tail-state"), "Following new lines");
        String marker = "Refund requested for order o-1041 (" + java.util.UUID.randomUUID() + ")";
        var sent = api.ingest().post("/v1/logs", "application/json", OrderTelemetry.line(OrderTelemetry.PAYMENT_SERVICE,
                OrderEvents.traceIdOf("o-1041"), Instant.now(), 13, "WARN", marker), java.util.Map.of());
        assertThat(sent.statusCode()).isEqualTo(200);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.findElement(
                    By.cssSelector("#log-lines .opsplane-log-line")).getText().contains(marker));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the new line is not at the top: " + browser.findElement(By.id("log-lines"))
                    .getText().lines().limit(3).toList() + "; tail: " + browser.findElement(By.id("tail-state")).getText(), e);
        }
        WebElement tailed = browser.findElement(By.cssSelector("#log-lines .opsplane-log-line"));
        assertThat(tailed.getText()).contains("WARN", "payment-service");
        assertThat(tailed.findElement(By.cssSelector("a[data-saga]")).getText()).isEqualTo("saga o-1041");
        // the search was not run again: the older lines are all still there, below the new one
        assertThat(browser.findElements(By.cssSelector("#log-lines .opsplane-log-line"))).hasSize(21);
        screenshot("logs");
    }

    @Test
    void theServiceMapShowsCallsAndTheErrorHeavyEdge() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/service-map?lookback=2h");
        awaitUrl("the login page", url -> url.endsWith("/login"));
        signIn(TestUsers.VIEWER);
        waitFor(By.cssSelector("#service-graph svg"));
        awaitText(By.id("service-map-caption"), "4 services, 48 calls, 8 failed, last 2h");
        WebElement heavy = browser.findElement(By.cssSelector("#service-calls tr[data-error-heavy='true']"));
        assertThat(heavy.getAttribute("data-edge")).isIn("inventory-service->payment-service",
                "payment-service->card-gateway");
        assertThat(browser.findElements(By.cssSelector("#service-calls tr[data-error-heavy='true']"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("#service-calls tr[data-edge='order-service->inventory-service']"))
                .getText()).contains("16", "0.0 %");
        screenshot("service-map");

        browser.findElement(By.cssSelector("#service-calls tr[data-edge='order-service->inventory-service'] a"))
                .click();
        awaitUrl("the caller's traces", url -> url.contains("/traces?service=order-service&lookback=2h"));
        waitFor(By.cssSelector("#trace-scatter svg"));
    }

    @Test
    void theSearchBoxFindsASagaByItsTraceIdAndTheThemeIsRemembered() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/login");
        signIn(TestUsers.ADMIN);
        WebElement search = waitFor(By.cssSelector("vaadin-text-field input[aria-label], vaadin-text-field input"));
        search.sendKeys(OrderEvents.traceIdOf("o-1042"), Keys.ENTER);
        awaitUrl("the saga found", url -> url.matches(".*/sagas/\\d+$"));
        assertThat(waitFor(By.id("saga-title")).getText()).isEqualTo("o-1042");

        String before = browser.findElement(By.tagName("html")).getAttribute("theme");
        browser.findElement(By.id("theme-toggle")).click();
        String after = before.equals("dark") ? "light" : "dark";
        await("the other theme").until(() -> after.equals(browser.findElement(By.tagName("html")).getAttribute("theme")));
        browser.navigate().refresh();
        waitFor(By.id("saga-title"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("theme")).isEqualTo(after);
    }

    private void signIn(String user) {
        WebElement name = waitFor(By.cssSelector("vaadin-text-field[name='username'] input, #vaadinLoginUsername input"));
        name.sendKeys(user);
        WebElement password = browser.findElement(By.cssSelector(
                "vaadin-password-field[name='password'] input, #vaadinLoginPassword input"));
        password.sendKeys(TestUsers.password(user), Keys.ENTER);
        awaitUrl("signed in as " + user, url -> !url.contains("/login"));
    }

    private void awaitText(By locator, String text) {
        WebElement element = waitFor(locator);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> element.getText().equals(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(locator + " shows '" + element.getText() + "', not '" + text + "'", e);
        }
    }

    private void awaitTextContains(By locator, String text) {
        WebElement element = waitFor(locator);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> element.getText().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(locator + " shows '" + element.getText() + "', without '" + text + "'", e);
        }
    }

    private void awaitUrl(String what, java.util.function.Predicate<String> expected) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> expected.test(driver.getCurrentUrl()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not at " + what + " but at " + browser.getCurrentUrl() + "; the page shows:\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private WebElement waitFor(By locator) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            // what the person would have seen instead, so a failure explains itself
            throw new AssertionError("no " + locator + " on " + browser.getCurrentUrl() + "; the page shows:\n"
                    + browser.findElement(By.tagName("body")).getText() + "\nbrowser log: "
                    + browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                    .map(Object::toString).collect(java.util.stream.Collectors.joining("\n")), e);
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        // Debian's own browser and driver: nothing is downloaded
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--lang=en-GB", "--window-size=1440,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 900));
        return driver;
    }

    /** The whole page, however long, as one picture: the window made as tall as the page for a moment. */
    private void screenshotOfWholePage(String name) {
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                // the view scrolls inside the app layout, so the page's own height is the view's plus the bar's
                "return document.querySelector('.opsplane-page').scrollHeight + 80;");
        browser.manage().window().setSize(new Dimension(before.getWidth(), Math.min(4000, height.intValue() + 200)));
        try {
            screenshot(name);
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    /** Into docs/screenshots/ of the repository, which the README shows. */
    private void screenshot(String name) {
        Path file = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path folder = repositoryRoot().resolve("docs/screenshots");
        try {
            Files.createDirectories(folder);
            Files.copy(file, folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("console")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
