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
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
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
 * PostgreSQL and Kafka: signing in, following the stuck count from the overview to a saga, deep
 * links, and what a viewer sees. Takes the README's screenshots on the way.
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
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofSeconds(1))).start();
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
        screenshot("saga-detail");
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
