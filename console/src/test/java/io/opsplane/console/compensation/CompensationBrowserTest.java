package io.opsplane.console.compensation;

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
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * The compensate flow in a real browser (Debian's headless Chromium, as {@code ConsoleBrowserTest} sets it up)
 * against the whole application on PostgreSQL and Kafka, with a stand-in service answering the commands:
 * the preview with its commands and idempotency keys, the dry run, the confirmation with a reason, the
 * progress and the outcome; and a viewer's page without the buttons.
 */
class CompensationBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static CompensableOrderSaga saga;
    private static OpsplaneInstance opsplane;
    private static CommandService service;
    private static long sagaId;
    private WebDriver browser;

    @BeforeAll
    static void start() {
        assertThat(CHROMIUM).as("apt-get install -y chromium chromium-driver").exists();
        saga = CompensableOrderSaga.create();
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofSeconds(5),
                Duration.ofSeconds(30))).property("opsplane.compensation.verify-interval", "300ms").start();
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
    }

    @AfterAll
    static void stop() {
        service.close();
        opsplane.close();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorPreviewsConfirmsWithAReasonAndSeesTheCompensationVerified() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/sagas/" + sagaId);
        signIn(TestUsers.OPERATOR);
        waitFor(By.id("saga-actions"));
        assertThat(browser.findElement(By.id("saga-actions")).getText()).contains("No action has been taken");

        waitFor(By.id("action-compensate")).click();
        WebElement commands = waitFor(By.id("action-commands"));
        assertThat(commands.getText()).contains("RefundPayment", "ReleaseStock",
                "order-placement/o-2001/charge-payment/compensate/1", "order-placement/o-2001/reserve-stock/compensate/1",
                "PaymentRefunded", "StockReleased");
        assertThat(waitFor(By.id("preview-envelope-1")).getText()).contains("\"type\" : \"RefundPayment\"",
                "\"idempotencykey\" : \"order-placement/o-2001/charge-payment/compensate/1\"", "\"orderId\" : \"o-2001\"");
        WebElement confirm = browser.findElement(By.id("action-confirm"));
        assertThat(confirm.getAttribute("disabled")).as("no confirmation without a reason").isNotNull();

        click(browser.findElement(By.id("action-dry-run")));
        WebElement dryRun = waitFor(By.cssSelector("#dry-run-result h4"));
        assertThat(dryRun.getText()).isEqualTo("Dry run: every check passed, nothing was sent");
        assertThat(browser.findElement(By.id("dry-run-result")).getText()).contains("saga state", "exists");
        assertThat(service.receivedFor("o-2001")).isEmpty();
        screenshot("compensate-preview");

        browser.findElement(By.cssSelector("#action-reason textarea")).sendKeys("customer cancelled by phone, ticket 881");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> confirm.getAttribute("disabled") == null);
        click(confirm);

        waitFor(By.id("action-progress"));
        WebElement outcome = waitFor(By.id("action-outcome"), Duration.ofSeconds(40));
        assertThat(outcome.getText()).contains("verified", "RefundPayment → PaymentRefunded observed",
                "ReleaseStock → StockReleased observed");
        assertThat(browser.findElement(By.id("action-status")).getText()).isEqualTo("verified");
        assertThat(browser.findElements(By.cssSelector("#action-items li")))
                .extracting(e -> e.getAttribute("data-state")).containsExactly("VERIFIED", "VERIFIED");
        screenshot("compensate-outcome");
        assertThat(service.receivedFor("o-2001")).extracting(CommandService.Received::type)
                .containsExactly("RefundPayment", "ReleaseStock");

        waitFor(By.id("action-close")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            browser.navigate().refresh();
            return waitFor(By.id("saga-status")).getText().equals("compensated");
        });
        assertThat(waitFor(By.id("saga-action-list")).getText()).contains("customer cancelled by phone, ticket 881",
                "by operator", "verified");
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

        browser = chromium();
        browser.get(opsplane.baseUrl() + "/bulk?correlationKey=o-2002&status=STUCK");
        signIn(TestUsers.OPERATOR);
        assertThat(waitFor(By.cssSelector("#bulk-filter input")).getAttribute("value"))
                .isEqualTo("correlationKey=o-2002&status=STUCK");
        click(waitFor(By.id("bulk-count-button")));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("bulk-count")).getText()
                .startsWith("1 saga matches"));
        browser.findElement(By.cssSelector("vaadin-text-area textarea")).sendKeys("closed by hand after the PSP call");
        browser.findElement(By.cssSelector("vaadin-select")).click();
        waitFor(By.xpath("//vaadin-select-item[text()='RESOLVE']")).click();
        click(browser.findElement(By.id("bulk-create")));
        waitFor(By.cssSelector("#bulk-jobs tr[data-job]"));
        // the jobs table is redrawn every 2 s: an element read from it may be replaced under our feet
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("#bulk-jobs tr[data-job] .opsplane-status")).getText()
                        .equals("done"));
        assertThat(browser.findElement(By.id("bulk-jobs")).getText()).contains("1 of 1", "RESOLVE");
        screenshot("bulk-actions");

        browser.get(opsplane.baseUrl() + "/policies");
        WebElement kill = waitFor(By.id("kill-switch"));
        assertThat(kill.getAttribute("disabled")).as("only an ADMIN changes the switches").isNotNull();
        assertThat(browser.findElement(By.id("approvals")).getText()).contains("Nothing waits for approval");

        browser.get(opsplane.baseUrl() + "/audit?actor=operator&action=BULK_CREATED");
        WebElement entries = waitFor(By.cssSelector("#audit-entries table"));
        assertThat(entries.getText()).contains("BULK_CREATED", "closed by hand after the PSP call");
        assertThat(browser.findElements(By.cssSelector("#audit-entries tr[data-audit]"))).hasSize(1);
        screenshot("audit");
        assertThat(api.getJson("/api/sagas?correlationKey=o-2002").path("items").get(0).path("status").asString())
                .isEqualTo("RESOLVED");
    }

    @Test
    void aViewerSeesNoActionButtons() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/sagas/" + sagaId);
        signIn(TestUsers.VIEWER);
        waitFor(By.id("saga-steps"));
        assertThat(browser.findElements(By.id("saga-actions"))).isEmpty();
        assertThat(browser.findElements(By.id("action-compensate"))).isEmpty();
    }

    /** Scrolled into view first: the dialog scrolls its own content, which the browser's own scrolling misses. */
    private void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                element);
        element.click();
    }

    private void signIn(String user) {
        WebElement name = waitFor(By.cssSelector("vaadin-text-field[name='username'] input, #vaadinLoginUsername input"));
        name.sendKeys(user);
        browser.findElement(By.cssSelector("vaadin-password-field[name='password'] input, #vaadinLoginPassword input"))
                .sendKeys(TestUsers.password(user), Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    private WebElement waitFor(By locator) {
        return waitFor(locator, Duration.ofSeconds(20));
    }

    private WebElement waitFor(By locator, Duration timeout) {
        try {
            return new WebDriverWait(browser, timeout).until(ExpectedConditions.visibilityOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + locator + " on " + browser.getCurrentUrl() + "; the page shows:\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
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

    /** Into docs/screenshots/, which docs/compensation.md shows. */
    private void screenshot(String name) {
        Path file = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("console")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        try {
            Files.createDirectories(dir.resolve("docs/screenshots"));
            Files.copy(file, dir.resolve("docs/screenshots/" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
