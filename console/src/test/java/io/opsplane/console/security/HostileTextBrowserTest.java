package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.Browser;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Telemetry is written by any service, so its names reach an ADMIN's browser: a span or service named like markup
 * must show as text, never run. Spans whose service and operation names carry an {@code onerror} image and
 * ECharts' rich-text markup are exported through OTLP; the traces scatter and the service map (whose tooltips
 * once built HTML from those names) are opened and every point's and edge's tooltip shown. No image element may
 * appear and no script may run. The console's pages and the API also carry the browser headers that contain what
 * an encoding slip would let through.
 */
class HostileTextBrowserTest {

    /** Sets a flag and the title when it runs: proof of execution that a test can read. */
    private static final String MARKUP = "<img src=x onerror=\"window.__xss=(window.__xss||0)+1;document.title='XSS'\">";
    private static final String CALLER = "shop" + MARKUP;
    private static final String CALLEE = "{a|pay}" + MARKUP;
    private static final String OPERATION = "GET /orders" + MARKUP;

    @AutoClose
    private static OpsplaneInstance opsplane;
    @AutoClose
    private Browser browser;

    @BeforeAll
    static void start() {
        OrderSaga saga = OrderSaga.create();
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofSeconds(30)))
                .elasticsearch(TestElasticsearch.uniquePrefix()).start();
        Instant at = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> sent = opsplane.api().ingest().post("/v1/traces", "application/json",
                    trace("4bf92f3577b34da6a3ce929d0e0e47%02x".formatted(i), at.plusSeconds(i), i == 2), Map.of());
            assertThat(sent.statusCode()).as(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        }
        TestElasticsearch.refresh();
    }

    @Test
    void hostileNamesOnTheTracesScatterShowAsTextAndRunNoScript() {
        browser = Browser.open(opsplane.baseUrl()).get("/traces?service=" + encode(CALLER) + "&lookback=1h");
        browser.signIn(TestUsers.ADMIN);
        browser.waitFor(By.cssSelector("#trace-scatter svg"));
        browser.awaitTextContains(By.id("trace-count"), "3 traces");
        String shown = showEveryTooltip("trace-scatter");
        assertThat(shown).as("the tooltip shows the name as text").contains("<img src=x onerror=");
        assertNoScriptRan();
    }

    @Test
    void hostileNamesOnTheServiceMapShowAsTextAndRunNoScript() {
        browser = Browser.open(opsplane.baseUrl()).get("/service-map?lookback=1h");
        browser.signIn(TestUsers.ADMIN);
        browser.waitFor(By.cssSelector("#service-graph svg"));
        browser.awaitTextContains(By.id("service-map-caption"), "2 services");
        String shown = showEveryTooltip("service-graph");
        assertThat(shown).as("node and edge tooltips show the names as text").contains("shop<img src=x onerror=",
                "{a|pay}<img");
        assertThat(browser.driver().findElement(By.id("service-calls")).getText()).contains(CALLER);
        assertNoScriptRan();
    }

    @Test
    void pagesAndTheApiCarryTheBrowserHeaders() {
        HttpResponse<String> page = opsplane.api().anonymous().get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(policy).contains("object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "script-src");
        assertThat(policy).as("no script from anywhere else").doesNotContain("script-src *", "http:", "https:");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).as(page.headers().map().toString()).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).isPresent();
        assertThat(page.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID"))
                .allSatisfy(cookie -> assertThat(cookie).contains("SameSite=Lax", "HttpOnly"));

        HttpResponse<String> api = opsplane.api().as(TestUsers.VIEWER).get("/api/sagas");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("X-Content-Type-Options")).as(api.headers().map().toString()).hasValue("nosniff");
        assertThat(api.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }

    /** Shows the tooltip of every point, node and edge of a chart in turn; answers all the text they showed. */
    private String showEveryTooltip(String chartId) {
        browser.until("the chart drawn", d -> Boolean.TRUE.equals(browser.js(
                "return !!echarts.getInstanceByDom(document.getElementById(arguments[0]));", chartId)));
        Object shown = browser.js("""
                const chart = echarts.getInstanceByDom(document.getElementById(arguments[0]));
                const texts = [];
                const tooltip = () => Array.from(document.querySelectorAll('#' + arguments[0] + ' div'))
                    .filter((d) => d.style.position === 'absolute' && d.style.zIndex && d.innerText)
                    .map((d) => d.innerText).join(' | ');
                chart.getOption().series.forEach((series, s) => {
                  (series.data || []).forEach((point, i) => {
                    chart.dispatchAction({ type: 'showTip', seriesIndex: s, dataIndex: i });
                    texts.push(tooltip());
                  });
                  (series.links || series.edges || []).forEach((edge, i) => {
                    chart.dispatchAction({ type: 'showTip', seriesIndex: s, dataIndex: i, dataType: 'edge' });
                    texts.push(tooltip());
                  });
                });
                return texts.join('\\n');""", chartId);
        return String.valueOf(shown);
    }

    /** No markup became an element, and nothing the markup would run has run. */
    private void assertNoScriptRan() {
        // an image element with the hostile source would be the markup taken as HTML: its onerror is then queued
        assertThat(browser.js("return document.querySelectorAll('img[src=\"x\"]').length;")).isEqualTo(0L);
        assertThat(browser.js("return window.__xss === undefined;")).isEqualTo(true);
        assertThat(browser.driver().getTitle()).doesNotContain("XSS");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** One trace: the caller's server span and its client call, answered by the callee's server span. */
    private static byte[] trace(String traceId, Instant at, boolean failed) {
        ObjectNode request = ApiClient.JSON.createObjectNode();
        ArrayNode resources = request.putArray("resourceSpans");
        ArrayNode caller = spans(resources, CALLER);
        span(caller, traceId, "1", null, OPERATION, 2, at, 200, false);
        span(caller, traceId, "2", "1", "POST /pay" + MARKUP, 3, at.plusMillis(10), 150, failed);
        span(spans(resources, CALLEE), traceId, "3", "2", "{b|charge}" + MARKUP, 2, at.plusMillis(20), 120, failed);
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ArrayNode spans(ArrayNode resources, String service) {
        ObjectNode resource = resources.addObject();
        resource.putObject("resource").putArray("attributes").addObject().put("key", "service.name")
                .putObject("value").put("stringValue", service);
        return resource.putArray("scopeSpans").addObject().putArray("spans");
    }

    private static void span(ArrayNode spans, String traceId, String id, String parent, String name, int kind,
                             Instant start, long millis, boolean failed) {
        ObjectNode span = spans.addObject();
        span.put("traceId", traceId);
        if (parent != null) {
            span.put("parentSpanId", "000000000000000" + parent);
        }
        span.put("spanId", "000000000000000" + id);
        span.put("name", name);
        span.put("kind", kind);
        span.put("startTimeUnixNano", String.valueOf(ChronoUnit.NANOS.between(Instant.EPOCH, start)));
        span.put("endTimeUnixNano", String.valueOf(ChronoUnit.NANOS.between(Instant.EPOCH, start.plusMillis(millis))));
        span.putArray("attributes").addObject().put("key", "http.route").putObject("value").put("stringValue", MARKUP);
        if (failed) {
            span.putObject("status").put("code", 2).put("message", MARKUP);
        }
    }
}
