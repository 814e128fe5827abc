package io.opsplane.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.ComboBoxBase;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.router.QueryParameters;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opsplane.console.saga.SagaCounts;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.telemetry.trace.Deployment;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.ServerSpans;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * The overview narrowed to a namespace and environment, over real spans in Elasticsearch: payment runs in shop/prod
 * (environment by the current key), inventory in shop/staging (by the older {@code deployment.environment}), billing
 * in finance/prod. The service figures keep that deployment's services; the saga figures keep the saga types with a
 * step whose service runs there; the choice comes from the link and goes back into the address bar.
 */
@ViewTestSettings.Elasticsearch
@WithUserDetails(TestUsers.VIEWER)
class OverviewScopeTest extends BrowserlessViewTest {

    private static boolean sent;

    @Autowired
    private OtlpTraceSink sink;
    @Autowired
    private Traces traces;


    @BeforeEach
    void spansAndSagas() {
        if (sent) {
            return;
        }
        Instant at = Instant.now().minusSeconds(60);
        ServerSpans.export(sink, service("payment", shop("deployment.environment.name", "prod"), 10, 0, at),
                service("inventory", shop("deployment.environment", "staging"), 5, 2, at),
                service("billing", Map.of("service.namespace", "finance", "deployment.environment.name", "prod"), 4, 0,
                        at));
        // the page offers the namespaces once, when it opens: the spans must be searchable by then
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            TestElasticsearch.refresh();
            return traces.namespaces(at.minusSeconds(60), Instant.now()).contains("finance");
        });
        for (String key : List.of("o-5001", "o-5002")) {
            SagaRow.stuck(key).insert(db);
        }
        sent = true;
    }

    @Test
    void aLinkNarrowsTheOverviewToTheServicesOfANamespaceAndEnvironment() {
        UI.getCurrent().navigate(OverviewView.class, QueryParameters.fromString("namespace=shop&environment=prod"));
        OverviewView view = (OverviewView) UI.getCurrent().getCurrentView();
        assertThat(combo("overview-namespace").getValue()).isEqualTo("shop");
        assertThat(combo("overview-environment").getValue()).isEqualTo("prod");
        // the choices are what the spans name, under either environment key
        await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() -> {
            roundTrip();
            return combo("overview-environment").getListDataView().getItems().toList().containsAll(List.of("prod",
                    "staging"));
        });
        assertThat(combo("overview-namespace").getListDataView().getItems().toList()).containsExactly("finance", "shop");

        Instant now = Instant.now();
        OverviewScope shopProd = view.scope(now);
        assertThat(shopProd.services()).containsExactly("payment");
        assertThat(serviceRows(shopProd, now)).containsExactly("payment");
        assertThat(view.scope(now, new Deployment("shop", "staging")).services()).as("the older environment key")
                .containsExactly("inventory");
        assertThat(serviceRows(view.scope(now, new Deployment("shop", null)), now))
                .containsExactly("inventory", "payment");
        assertThat(serviceRows(OverviewScope.EVERYTHING, now)).containsExactly("billing", "inventory", "payment");

        // order-placement has a step of payment, so its sagas are counted in shop/prod, and not in finance/prod
        // the counts are shared between viewers for a few seconds: the page shows the sagas at its next refresh
        SagaCounts inShop = await().atMost(Duration.ofSeconds(30)).until(() -> stuckPanel().load(Instant.now(), shopProd),
                counts -> !counts.byTypeAndStatus().isEmpty());
        assertThat(inShop.byTypeAndStatus()).extracting(SagaCounts.ByTypeAndStatus::type).containsOnly("order-placement");
        assertThat(inShop.stuckByStep()).containsExactly(new SagaCounts.ByTypeAndStep("order-placement",
                "charge-payment", 2));
        assertThat(inShop.stuckByService()).containsExactly(new SagaCounts.ByValue("payment", 2));
        SagaCounts inFinance = stuckPanel().load(now, view.scope(now, new Deployment("finance", "prod")));
        assertThat(inFinance.byTypeAndStatus()).isEmpty();
        assertThat(inFinance.stuckByReason()).isEmpty();
    }

    @Test
    void zeroErrorsAreNeutralAndErrorsAreMarked() {
        Instant now = Instant.now();
        Component table = render(servicesPanel(), OverviewScope.EVERYTHING, now);
        Anchor payment = errors(table, "payment");
        assertThat(payment.getText()).isEqualTo("0.0 %");
        assertThat(payment.hasClassName("opsplane-error")).isFalse();
        Anchor inventory = errors(table, "inventory");
        assertThat(inventory.getText()).isEqualTo("40.0 %");
        assertThat(inventory.hasClassName("opsplane-error")).isTrue();
    }

    @Test
    void choosingANamespacePutsItIntoTheAddressBar() {
        UI.getCurrent().navigate(OverviewView.class, QueryParameters.fromString("environment=prod"));
        UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations();

        // typed, as a person may before the offered choices have come (the field takes any namespace)
        ComboBox<String> namespace = combo("overview-namespace");
        ComponentUtil.fireEvent(namespace, new ComboBoxBase.CustomValueSetEvent<>(namespace, true, "finance"));

        assertThat(namespace.getValue()).isEqualTo("finance");
        String address = UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations().stream()
                .flatMap(js -> js.getInvocation().getParameters().stream()).map(String::valueOf)
                .filter(value -> value.contains("namespace=")).reduce((first, last) -> last).orElseThrow();
        assertThat(QueryParameters.fromString(address.substring(1)).getParameters())
                .isEqualTo(Map.of("namespace", List.of("finance"), "environment", List.of("prod")));
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> combo(String id) {
        return $(ComboBox.class).id(id);
    }

    private OverviewPanel<?> servicesPanel() {
        return panels.stream().filter(p -> p.title().startsWith("Services")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private OverviewPanel<SagaCounts> stuckPanel() {
        return (OverviewPanel<SagaCounts>) panels.stream().filter(p -> p.title().equals("Stuck sagas")).findFirst()
                .orElseThrow();
    }

    private List<String> serviceRows(OverviewScope scope, Instant now) {
        List<String> rows = new ArrayList<>();
        render(servicesPanel(), scope, now).getElement().getChild(1).getChildren()
                .forEach(row -> rows.add(row.getAttribute("data-service")));
        return rows;
    }

    private static <T> Component render(OverviewPanel<T> panel, OverviewScope scope, Instant now) {
        return panel.render(panel.load(now, scope), now);
    }

    private static Anchor errors(Component table, String service) {
        return table.getElement().getChild(1).getChildren()
                .filter(row -> service.equals(row.getAttribute("data-service")))
                .flatMap(row -> row.getChildren()).flatMap(cell -> cell.getChildren())
                .filter(e -> "errors".equals(e.getAttribute("data-figure")))
                .map(e -> (Anchor) e.getComponent().orElseThrow()).findFirst().orElseThrow();
    }

    /** Resource attributes of a service of the shop namespace, in the environment named by {@code key}. */
    private static Map<String, String> shop(String key, String environment) {
        return Map.of("service.namespace", "shop", key, environment);
    }

    /** {@code count} requests of {@code service}, the first {@code failing} failed. */
    private static ResourceSpans service(String service, Map<String, String> resource, int count, int failing,
                                         Instant at) {
        return ServerSpans.of(service).resource(resource).requests(count, failing, at,
                i -> "7e%030x".formatted(Math.abs((long) (service + i).hashCode()) + 1));
    }
}
