package io.opsplane.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.alerting.notify.Receivers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RouterTest {

    /** The settings as an operator writes them, bound as the application binds them. */
    private static Router router(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "opsplane.alerting.allowed-hosts[0]", "*.example.com",
                "opsplane.alerting.receivers[0].name", "chat",
                "opsplane.alerting.receivers[0].url", "https://chat.example.com/hook",
                "opsplane.alerting.receivers[1].name", "pager",
                "opsplane.alerting.receivers[1].url", "https://pager.example.com/hook",
                "opsplane.alerting.route.receiver", "chat",
                "opsplane.alerting.route.routes[0].matchers[0]", "severity=\"critical\"",
                "opsplane.alerting.route.routes[0].receiver", "pager",
                "opsplane.alerting.route.routes[0].group-wait", "5s"));
        settings.putAll(extra);
        AlertingProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("opsplane.alerting", AlertingProperties.class);
        return new Router(properties, new Receivers(properties));
    }

    @Test
    void firstMatchingChildTakesTheAlertUnlessItContinues() {
        Map<String, String> critical = Map.of("alertname", "SagaStuck", "severity", "critical",
                "saga_type", "order-placement", "step", "charge-payment", "reason", "STEP_TIMEOUT", "team", "x");
        Router stopping = router(Map.of());
        assertThat(stopping.route(critical)).extracting(Router.Match::receiver).containsExactly("pager");
        Router.Match pager = stopping.route(critical).getFirst();
        assertThat(pager.groupWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(pager.repeatInterval()).as("inherited default").isEqualTo(Duration.ofHours(4));
        assertThat(pager.groupKey(pager.groupLabels(critical))).isEqualTo("{}/0:{alertname=\"SagaStuck\", "
                + "reason=\"STEP_TIMEOUT\", saga_type=\"order-placement\", step=\"charge-payment\"}");

        Router continuing = router(Map.of("opsplane.alerting.route.routes[0].continue", "true"));
        assertThat(continuing.route(critical)).extracting(Router.Match::receiver).containsExactly("pager");
        Router withSibling = router(Map.of("opsplane.alerting.route.routes[0].continue", "true",
                "opsplane.alerting.route.routes[1].matchers[0]", "team=x",
                "opsplane.alerting.route.routes[1].receiver", "chat"));
        assertThat(withSibling.route(critical)).extracting(Router.Match::routeId).containsExactly("{}/0", "{}/1");
        assertThat(stopping.route(Map.of("alertname", "A", "severity", "warning")))
                .extracting(Router.Match::routeId).containsExactly("{}");
    }

    @Test
    void aRouteToAnUnknownReceiverStopsStartUp() {
        assertThatThrownBy(() -> router(Map.of("opsplane.alerting.route.routes[0].receiver", "nobody")))
                .hasMessageContaining("route {}/0 names receiver 'nobody', which is not configured");
    }
}
