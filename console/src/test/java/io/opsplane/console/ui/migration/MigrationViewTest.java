package io.opsplane.console.ui.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import com.google.protobuf.ByteString;
import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.browserless.ViewPackages;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.OpsplaneApplication;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import io.opsplane.console.ui.saga.SagaDetailView;
import io.opsplane.console.ui.saga.SagaListView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The migration view over real spans in Elasticsearch: "POST /orders" answered two to one by the legacy shop and
 * the new order service, "/health" by the new service alone. The page shows the one route that is migrating, its
 * chart, and a table with legacy and new side by side; a link for one route shows only that route.
 */
@SpringBootTest(classes = OpsplaneApplication.class)
@ViewPackages(packages = "io.opsplane.console.ui")
@WithUserDetails(TestUsers.VIEWER)
class MigrationViewTest extends SpringBrowserlessTest {

    private static final String INDEX_PREFIX = TestElasticsearch.uniquePrefix();
    private static boolean sent;

    @Autowired
    private OtlpTraceSink sink;
    @Autowired
    private JdbcTemplate db;

    @DynamicPropertySource
    static void opsplane(DynamicPropertyRegistry registry) {
        ViewTestSettings.register(registry, "migration-views");
        registry.add("opsplane.elasticsearch.uris", TestElasticsearch::url);
        registry.add("opsplane.telemetry.index-prefix", () -> INDEX_PREFIX);
        registry.add("opsplane.migration.legacy-services", () -> "legacy-shop");
    }

    @BeforeEach
    void spans() {
        if (sent) {
            return;
        }
        Instant at = Instant.now().minusSeconds(60);
        ExportTraceServiceRequest.Builder export = ExportTraceServiceRequest.newBuilder();
        export.addResourceSpans(service("legacy-shop", "/orders", 20, 1, at));
        export.addResourceSpans(service("order-service", "/orders", 10, 4, at));
        export.addResourceSpans(service("order-service", "/health", 5, 0, at));
        assertThat(sink.export(export.build()).rejected()).isZero();
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
        db.update("""
                INSERT INTO saga_instance (saga_type, definition_version, correlation_key, business_keys, status,
                    current_step, next_event, responsible_service, started_at, last_progress_at, progress, trace_ids)
                VALUES ('order-placement', 1, ?, '{}', 'RUNNING', 'reserve-stock', 'StockReserved', 'inventory',
                    now() - interval '1 minute', now() - interval '1 minute', '{}', ARRAY[?])""", orderId, traceId);
        long id = sagaId(orderId);
        db.update("INSERT INTO saga_key (key_value, saga_id) VALUES (?, ?), (?, ?)", orderId, id, traceId, id);
    }

    private long sagaId(String correlationKey) {
        return db.queryForObject("SELECT id FROM saga_instance WHERE correlation_key = ?", Long.class, correlationKey);
    }

    private static List<String> cells(NativeTableRow row) {
        return row.getChildren().map(c -> c.getElement().getTextRecursively().trim().replaceAll("\\s+", " ")).toList();
    }

    /** {@code count} server spans of {@code service} on {@code route}, 80 ms each, the first {@code failing} failed. */
    private static ResourceSpans service(String service, String route, int count, int failing, Instant at) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < count; i++) {
            long start = (at.toEpochMilli() + i) * 1_000_000L;
            io.opentelemetry.proto.trace.v1.Span.Builder span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                    .setTraceId(ByteString.fromHex(traceId(service, route, i)))
                    .setSpanId(ByteString.fromHex(traceId(service, route, i).substring(16)))
                    .setName("POST " + route).setKind(SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 80_000_000L)
                    .addAttributes(text("http.route", route));
            if (i < failing) {
                span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
            }
            scope.addSpans(span);
        }
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", service)))
                .addScopeSpans(scope).build();
    }

    /** The trace of the i-th request of {@code service} on {@code route}: 32 hex digits, distinct per request. */
    private static String traceId(String service, String route, int i) {
        return "6d%030x".formatted(Math.abs((long) (service + route + i).hashCode()) + 1);
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
