package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The one harness for browser tests: Debian's headless Chromium driven as a person would use the console. Every
 * step waits for what that person would wait for: an element shown, a field that can take input, a dialog that has
 * opened, a text, an address. Never a fixed sleep.
 *
 * <p>Typing and clicking first bring the element into view and wait until it is the element a pointer at its
 * centre would reach: Chromium 150's driver does not scroll elements inside a Vaadin dialog's own scrolling
 * content into view, and throws {@code ElementNotInteractableException} where a person would simply scroll.
 *
 * <p>A test class keeps its browser in a JUnit {@code @AutoClose} field, so each test's browser is quit after it
 * without a clean-up method of its own.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** True when the element's centre, once in view, is the element itself (or inside it): nothing covers it. */
    private static final String REACHABLE = """
            const e = arguments[0];
            if (!e.isConnected || e.disabled || e.readOnly) return false;
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return false;
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
            let hit = document.elementFromPoint(x, y);
            while (hit && hit.shadowRoot) {
              const inner = hit.shadowRoot.elementFromPoint(x, y);
              if (!inner || inner === hit) break;
              hit = inner;
            }
            const up = (n) => n.parentNode instanceof ShadowRoot ? n.parentNode.host : n.parentElement;
            // the field a native input sits in (vaadin-text-area around its textarea) may take the hit for it
            let field = up(e);
            while (field && !field.tagName.includes('-')) field = up(field);
            for (let n = hit; n; n = up(n)) {
              if (n === e || n === field) return true;
            }
            return false;""";


    private final String baseUrl;
    private final ChromeDriver driver;

    private Browser(String baseUrl, ChromeDriver driver) {
        this.baseUrl = baseUrl;
        this.driver = driver;
    }

    /** A new browser (fresh profile, no cookies) for the console at {@code baseUrl}. */
    public static Browser open(String baseUrl) {
        return open(baseUrl, "en-GB");
    }

    /**
     * A new browser whose user interface and Accept-Language are {@code language} (e.g. "ko"), as a browser set up in
     * that language sends them.
     */
    public static Browser open(String baseUrl, String language) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("browser tests need Debian's Chromium: apt-get install -y chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        // Debian's own browser and driver: nothing is downloaded
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--lang=" + language, "--window-size=1440,900");
        // headless Chromium takes Accept-Language from this preference rather than from --lang
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 900));
        return new Browser(baseUrl, driver);
    }

    /** A new browser signed in as {@code user} on the login page itself, then where the console sends it. */
    public static Browser signedIn(String baseUrl, String user) {
        return signedInFrom(baseUrl, "/login", user);
    }

    /**
     * A new browser that opened {@code path} signed out and signed in as {@code user} on the login page it was sent
     * to ({@link #signInFrom}); closed again if it could not.
     */
    public static Browser signedInFrom(String baseUrl, String path, String user) {
        Browser browser = open(baseUrl);
        try {
            browser.signInFrom(path, user);
            return browser;
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a console path, such as {@code /sagas/7}. */
    public Browser get(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public void refresh() {
        driver.navigate().refresh();
    }

    /** Signs in on the login page the browser is on (or is sent to), and waits until it has left it. */
    public void signIn(String user) {
        type(By.cssSelector("vaadin-text-field[name='username'] input, #vaadinLoginUsername input"), user);
        type(By.cssSelector("vaadin-password-field[name='password'] input, #vaadinLoginPassword input"),
                TestUsers.password(user), Keys.ENTER);
        awaitUrl("signed in as " + user, url -> !url.contains("/login"));
    }

    /**
     * Opens a console path signed out, waits to be sent to the login page, and signs in there; the console then
     * returns to the path, which callers check for themselves.
     */
    public void signInFrom(String path, String user) {
        get(path);
        awaitUrl("the login page", url -> url.endsWith("/login"));
        signIn(user);
    }

    /** The element, once shown. */
    public WebElement waitFor(By locator) {
        return waitFor(locator, PATIENCE);
    }

    public WebElement waitFor(By locator, Duration timeout) {
        try {
            return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(locator));
        } catch (TimeoutException e) {
            // what the person would have seen instead, so a failure explains itself
            throw new AssertionError("no " + locator + " on " + driver.getCurrentUrl() + "; the page shows:\n"
                    + pageText() + "\nbrowser log: " + browserLog(), e);
        }
    }

    /** The element, once shown and reachable by a pointer (scrolled into view first). */
    public WebElement reachable(By locator) {
        // present, not "visible": Selenium counts an element scrolled out of a dialog's content as hidden
        until(locator + " on the page", ExpectedConditions.presenceOfElementLocated(locator)::apply);
        until(locator + " in view and able to take input", d -> {
            WebElement current = d.findElement(locator);
            js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", current);
            return Boolean.TRUE.equals(js(REACHABLE, current));
        });
        return driver.findElement(locator);
    }

    /** Clicks the element as a person would: in view, enabled and not covered. */
    public WebElement click(By locator) {
        WebElement element = reachable(locator);
        element.click();
        return element;
    }

    /**
     * Clicks something that reloads the page, and waits until the new page has loaded: a refresh or a lookup
     * started while the old page is going would be aborted by that navigation.
     */
    public void clickAndAwaitReload(By locator) {
        js("window.__opsplaneOldPage = true;");
        click(locator);
        until("the page reloaded", d -> Boolean.TRUE.equals(js(
                "return window.__opsplaneOldPage === undefined && document.readyState === 'complete';")));
    }

    /** Types into a field once it can take input, as a person scrolling to it would. */
    public WebElement type(By locator, CharSequence... keys) {
        WebElement element = reachable(locator);
        element.sendKeys(keys);
        return element;
    }

    /**
     * Waits until the page has finished loading what it shows: the view is drawn, Vaadin has no request under
     * way, and no place still says it is loading (those read in the background carry {@code aria-busy}).
     */
    public void awaitPageSettled() {
        until("the page loaded", d -> Boolean.TRUE.equals(js("""
                if (document.readyState !== 'complete' || !window.Vaadin || !Vaadin.Flow || !Vaadin.Flow.clients) return false;
                const clients = Object.values(Vaadin.Flow.clients).filter((c) => c && c.isActive);
                if (clients.length === 0 || clients.some((c) => c.isActive())) return false;
                return document.querySelector('vaadin-app-layout') !== null
                    && document.querySelector('[aria-busy="true"]') === null;""")));
    }

    /** Waits until Vaadin's dialog overlay has opened and finished its opening animation. */
    public void awaitDialogOpen() {
        until("a dialog open", d -> Boolean.TRUE.equals(js("""
                const o = document.querySelector('vaadin-dialog-overlay[opened], vaadin-dialog[opened]');
                return o !== null && !o.hasAttribute('opening');""")));
    }

    public void awaitText(By locator, String text) {
        waitFor(locator);
        untilOrExplain(d -> d.findElement(locator).getText().equals(text),
                () -> locator + " shows '" + textNow(locator) + "', not '" + text + "'");
    }

    public void awaitTextContains(By locator, String text) {
        waitFor(locator);
        untilOrExplain(d -> d.findElement(locator).getText().contains(text),
                () -> locator + " shows '" + textNow(locator) + "', without '" + text + "'");
    }

    /** The element's text as the page shows it now: looked up again, since a refresh may have redrawn it. */
    private String textNow(By locator) {
        try {
            return driver.findElement(locator).getText();
        } catch (org.openqa.selenium.NoSuchElementException | StaleElementReferenceException e) {
            return "(nothing: " + e.getClass().getSimpleName() + ")";
        }
    }

    public void awaitUrl(String what, Predicate<String> expected) {
        untilOrExplain(d -> expected.test(d.getCurrentUrl()),
                () -> "not at " + what + " but at " + driver.getCurrentUrl() + "; the page shows:\n" + pageText());
    }

    /** Waits for a condition of the page; elements redrawn under the test are looked up again. */
    public <T> T until(String what, Function<WebDriver, T> condition) {
        return until(what, PATIENCE, condition);
    }

    public <T> T until(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + " on " + driver.getCurrentUrl()
                    + "; the page shows:\n" + pageText(), e);
        }
    }

    private void untilOrExplain(Function<WebDriver, Boolean> condition, java.util.function.Supplier<String> explanation) {
        try {
            new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError(explanation.get(), e);
        }
    }

    public Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    public String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(no page: " + e.getMessage() + ")";
        }
    }

    private String browserLog() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString)
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(none)";
        }
    }

    /** Into docs/screenshots/ of the repository, which the README and docs show. */
    public void screenshot(String name) {
        Path file = driver.getScreenshotAs(OutputType.FILE).toPath();
        Path folder = repositoryRoot().resolve("docs/screenshots");
        try {
            Files.createDirectories(folder);
            Files.copy(file, folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page, however long, as one picture: the window made as tall as the page for a moment. */
    public void screenshotOfWholePage(String name) {
        Dimension before = driver.manage().window().getSize();
        // the view scrolls inside the app layout, so the page's own height is the view's plus the bar's
        Number height = (Number) js("return document.querySelector('.opsplane-page').scrollHeight + 80;");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(4000, height.intValue() + 200)));
        try {
            screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
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

    @Override
    public void close() {
        driver.quit();
    }
}
