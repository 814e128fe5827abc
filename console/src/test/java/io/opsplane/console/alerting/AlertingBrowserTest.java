package io.opsplane.console.alerting;

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
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The alerting pages in a real browser (Debian's headless Chromium) against the whole application:
 * an operator signs in, finds the firing alert of a stuck saga and silences it from its card, then
 * sends a test notification and sees it delivered in the receiver's log. Takes the README's alerting
 * screenshots on the way.
 */
class AlertingBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static WebhookReceiver receiver;
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private ChromeDriver browser;

    @BeforeAll
    static void start() {
        assertThat(CHROMIUM).as("the browser tests need Debian's chromium and chromium-driver:"
                + " apt-get install -y chromium chromium-driver").exists();
        assertThat(CHROMEDRIVER).as("apt-get install -y chromium-driver").exists();
        receiver = new WebhookReceiver();
        OrderSaga saga = OrderSaga.create();
        String rules = AlertingSetup.rulesFile("""
                rules:
                  - name: PaymentStuck
                    kind: saga-stuck
                    step: charge-payment
                    interval: 1s
                    severity: critical
                    labels: { team: payments }
                    annotations:
                      summary: "{{ .Value }} {{ .Labels.saga_type }} sagas stuck at {{ .Labels.step }}"
                      description: "Waiting on {{ .Labels.service }} ({{ .Labels.reason }}), e.g. {{ .Samples }}"
                """);
        opsplane = AlertingSetup.configure(OpsplaneInstance.on(TestPostgres.newDatabase(),
                saga.writeDefinition(Duration.ofSeconds(1))), receiver, rules).start();
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

    @AfterAll
    static void stop() {
        if (opsplane != null) {
            opsplane.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorSilencesAFiringAlertFromItsCardAndTestsTheReceiver() {
        browser = chromium();
        browser.get(opsplane.baseUrl() + "/alerts?state=firing");
        signIn(TestUsers.OPERATOR);
        awaitUrl("the alerts page", url -> url.endsWith("/alerts?state=firing"));

        WebElement card = waitFor(By.cssSelector("div.opsplane-alert[data-state='firing'][data-alertname='PaymentStuck']"));
        assertThat(card.getText()).contains("2 order-placement sagas stuck at charge-payment",
                "Waiting on payment (STEP_TIMEOUT), e.g. o-2041, o-2042", "team=\"payments\"", "→ receiver ops");
        assertThat(card.findElement(By.cssSelector("a.alert-link")).getAttribute("href"))
                .isEqualTo(AlertingSetup.EXTERNAL_URL + "/sagas?status=STUCK&type=order-placement&step=charge-payment"
                        + "&stuckReason=STEP_TIMEOUT");
        screenshot("alerts");

        card.findElement(By.cssSelector("vaadin-button[id^='silence-']")).click();
        assertThat(waitFor(By.id("silence-preview")).getText()).startsWith("Mutes 1 live alert now (PaymentStuck)");
        waitFor(By.cssSelector("#silence-comment textarea")).sendKeys("PSP incident INC-311, they are on it");
        browser.findElement(By.id("silence-create")).click();
        awaitText(By.cssSelector("div.opsplane-alert[data-alertname='PaymentStuck'] .alert-silenced"),
                "Silenced by 1 silence");
        JsonNode silence = api.getJson("/api/silences?state=ACTIVE").get(0);
        assertThat(silence.get("createdBy").asString()).isEqualTo(TestUsers.OPERATOR);
        assertThat(silence.get("comment").asString()).isEqualTo("PSP incident INC-311, they are on it");

        browser.get(opsplane.baseUrl() + "/alerts/receivers");
        waitFor(By.cssSelector("#receiver-ops tr[data-kind='alert'][data-status='delivered']"));
        waitFor(By.id("send-test-ops")).click();
        WebElement delivered = waitFor(By.cssSelector("#receiver-ops tr[data-kind='test'][data-status='delivered']"));
        assertThat(delivered.getText()).contains("→ 204", "msg_");
        assertThat(receiver.accepted()).anySatisfy(r -> assertThat(r.body()).contains("OpsplaneTestNotification"));
        screenshot("receivers");
    }

    private void signIn(String user) {
        awaitUrl("the login page", url -> url.contains("/login"));
        waitFor(By.cssSelector("vaadin-text-field[name='username'] input, #vaadinLoginUsername input")).sendKeys(user);
        browser.findElement(By.cssSelector("vaadin-password-field[name='password'] input, #vaadinLoginPassword input"))
                .sendKeys(TestUsers.password(user), Keys.ENTER);
        awaitUrl("signed in as " + user, url -> !url.contains("/login"));
    }

    private void awaitText(By locator, String text) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver.findElements(locator).stream()
                    .anyMatch(e -> e.getText().equals(text)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + locator + " showing '" + text + "'; the page shows:\n" + page(), e);
        }
    }

    private void awaitUrl(String what, Predicate<String> expected) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> expected.test(driver.getCurrentUrl()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not at " + what + " but at " + browser.getCurrentUrl() + "; the page shows:\n"
                    + page(), e);
        }
    }

    private WebElement waitFor(By locator) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(ExpectedConditions.visibilityOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + locator + " on " + browser.getCurrentUrl() + "; the page shows:\n" + page()
                    + "\nbrowser log: " + browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                    .getAll().stream().map(Object::toString).collect(Collectors.joining("\n")), e);
        }
    }

    private String page() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        // Debian's own browser and driver: nothing is downloaded
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--lang=en-GB", "--window-size=1440,900");
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        driver.manage().window().setSize(new Dimension(1440, 900));
        return driver;
    }

    /** Into docs/screenshots/ of the repository, which the README shows. */
    private void screenshot(String name) {
        Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
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
