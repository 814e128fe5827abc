package io.opsplane.console.ui.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.ServerSpans;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import io.opsplane.console.ui.saga.SagaDetailView;
import io.opsplane.console.ui.saga.SagaListView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The migration view over real spans in Elasticsearch: "POST /orders" answered two to one by the legacy shop and
 * the new order service, "/health" by the new service alone. The page shows the one route that is migrating, its
 * chart, and a table with legacy and new side by side; a link for one route shows only that route.
 */
@ViewTestSettings.Elasticsearch
@WithUserDetails(TestUsers.VIEWER)
class MigrationViewTest extends BrowserlessViewTest {

    private static boolean sent;

    @Autowired
    private OtlpTraceSink sink;

    @DynamicPropertySource
    static void opsplane(DynamicPropertyRegistry registry) {
        registry.add("opsplane.migration.legacy-services", () -> "legacy-shop");
    }

    @BeforeEach
    void spans() {
        if (sent) {
            return;
        }
        Instant at = Instant.now().minusSeconds(60);
        ServerSpans.export(sink, service("legacy-shop", "/orders", 20, 1, at),
                service("order-service", "/orders", 10, 4, at), service("order-service", "/health", 5, 0, at));
        TestElasticsearch.refresh();
        // one order taken by the legacy shop, one by the new service, each saga on its request's trace
        saga("o-legacy", traceId("legacy-shop", "/orders", 0));
        saga("o-new", traceId("order-service", "/orders", 0));
        sent = true;
    }

    @Test
    void theMigratingRouteShowsLegacyAndNewSideBySide() {
        UI.getCurrent().navigate(MigrationView.class, QueryParameters.fromString("lookback=15m"));

        List<Div> routes = $(Div.class).withAttribute("data-route").all();
        assertThat(routes).extracting(r -> r.getElement().getAttribute("data-route")).containsExactly("/orders");
        assertThat($(Span.class).withAttribute("data-figure", "new-share").single().getText())
                .isEqualTo("new services answered 33 % of 30 requests");
        assertThat($(Component.class).id("migration-shares-0").getElement().getAttribute("aria-label"))
                .isEqualTo("/orders: legacy-shop 67 %, order-service 33 % of the requests over the window");

        NativeTableRow legacy = $(NativeTableRow.class).withAttribute("data-service", "legacy-shop").single();
        assertThat(legacy.getElement().getAttribute("data-legacy")).isEqualTo("true");
        assertThat(cells(legacy)).containsExactly("legacy-shop legacy", "66.7 %", "20", "5.0 % (1)", "80 ms", "0 % of 1");
        NativeTableRow fresh = $(NativeTableRow.class).withAttribute("data-service", "order-service").single();
        assertThat(fresh.getElement().getAttribute("data-legacy")).isEqualTo("false");
        assertThat(cells(fresh)).containsExactly("order-service", "33.3 %", "10", "40.0 % (4)", "80 ms", "0 % of 1");
        assertThat($(Component.class).id("migration-caption").getElement().getText())
                .startsWith("legacy: legacy-shop · ");
    }

    @Test
    void aLinkForOneRouteShowsOnlyThatRoute() {
        UI.getCurrent().navigate(MigrationView.class, QueryParameters.fromString("lookback=15m&route=%2Fnothing-here"));
        assertThat($(Div.class).withAttribute("data-route").all()).isEmpty();
        assertThat($(Component.class).id("migration-empty").getElement().getTextRecursively())
                .contains("No route at the edge was answered by a legacy service");
    }

    @Test
    void theSagaListKeepsTheSagasThatRunThroughLegacy() {
        UI.getCurrent().navigate(SagaListView.class, QueryParameters.fromString("legacy=true"));

        assertThat(shownCorrelationKeys()).containsExactly("o-legacy");
        assertThat($(Span.class).id("list-narrowing-text").getText())
                .isEqualTo("Only sagas that run through legacy services");
        Checkbox throughLegacy = $(Checkbox.class).id("through-legacy");
        assertThat(throughLegacy.getValue()).isTrue();

        test(throughLegacy).click();
        assertThat(shownCorrelationKeys()).containsExactlyInAnyOrder("o-legacy", "o-new");
        test(throughLegacy).click();
        assertThat(shownCorrelationKeys()).containsExactly("o-legacy");
    }

    @Test
    void theSagaPageMarksASagaThatRunsThroughLegacy() {
        navigate(SagaDetailView.location(sagaId("o-legacy")), SagaDetailView.class);
        assertThat(awaitShown("saga-waterfall")).isNotEmpty();
        assertThat($(Span.class).id("saga-legacy").getText()).isEqualTo("Runs through legacy: legacy-shop");

        navigate(SagaDetailView.location(sagaId("o-new")), SagaDetailView.class);
        assertThat(awaitShown("saga-waterfall")).isNotEmpty();
        assertThat($(Span.class).withId("saga-legacy").all()).isEmpty();
    }

    /** Waits for what the page reads in the background (shown through server push) to be there. */
    private String awaitShown(String id) {
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
            roundTrip();
            return !$(Component.class).withId(id).all().isEmpty();
        });
        return $(Component.class).id(id).getElement().getTextRecursively();
    }

    @SuppressWarnings("unchecked")
    private List<String> shownCorrelationKeys() {
        Grid<SagaSummary> grid = $(Grid.class).single();
        var tester = test(grid);
        return IntStream.range(0, tester.size()).mapToObj(i -> tester.getRow(i).correlationKey()).toList();
    }

    private void saga(String orderId, String traceId) {
        SagaRow.running(orderId).waitingAt("reserve-stock", "StockReserved", "inventory").onTrace(traceId)
                .ago(Duration.ofMinutes(1), Duration.ofMinutes(1)).findableByKeys().insert(db);
    }

    private long sagaId(String correlationKey) {
        return db.queryForObject("SELECT id FROM saga_instance WHERE correlation_key = ?", Long.class, correlationKey);
    }

    private static List<String> cells(NativeTableRow row) {
        return row.getChildren().map(c -> c.getElement().getTextRecursively().trim().replaceAll("\\s+", " ")).toList();
    }

    /** {@code count} requests of {@code service} on {@code route}, the first {@code failing} failed. */
    private static ResourceSpans service(String service, String route, int count, int failing, Instant at) {
        return ServerSpans.of(service).named("POST " + route, "http.route", route).requests(count, failing, at,
                i -> traceId(service, route, i));
    }

    /** The trace of the i-th request of {@code service} on {@code route}: 32 hex digits, distinct per request. */
    private static String traceId(String service, String route, int i) {
        return "6d%030x".formatted(Math.abs((long) (service + route + i).hashCode()) + 1);
    }
}
