package io.opsplane.console.ui.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.ByteString;
import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.browserless.ViewPackages;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
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
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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
        assertThat(cells(legacy)).containsExactly("legacy-shop legacy", "66.7 %", "20", "5.0 % (1)", "80 ms", "–");
        NativeTableRow fresh = $(NativeTableRow.class).withAttribute("data-service", "order-service").single();
        assertThat(fresh.getElement().getAttribute("data-legacy")).isEqualTo("false");
        assertThat(cells(fresh)).containsExactly("order-service", "33.3 %", "10", "40.0 % (4)", "80 ms", "–");
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

    private static List<String> cells(NativeTableRow row) {
        return row.getChildren().map(c -> c.getElement().getTextRecursively().trim().replaceAll("\\s+", " ")).toList();
    }

    /** {@code count} server spans of {@code service} on {@code route}, 80 ms each, the first {@code failing} failed. */
    private static ResourceSpans service(String service, String route, int count, int failing, Instant at) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < count; i++) {
            long start = (at.toEpochMilli() + i) * 1_000_000L;
            byte[] traceId = new byte[16];
            byte[] spanId = new byte[8];
            int seed = (service + route + i).hashCode();
            for (int b = 0; b < 4; b++) {
                traceId[12 + b] = (byte) (seed >>> (8 * b));
                spanId[4 + b] = (byte) (seed >>> (8 * b));
            }
            traceId[0] = 0x6d;
            spanId[0] = 0x5e;
            io.opentelemetry.proto.trace.v1.Span.Builder span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
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

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
