package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.OrderTelemetry;
import io.opsplane.console.testing.RunningOpsplane;
import io.opsplane.console.testing.TestElasticsearch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Alert rules over traces and logs: spans and log lines sent over OTLP make the rules fire and notify. */
class TelemetryAlertTest {

    @AutoClose
    private static final WebhookReceiver receiver = new WebhookReceiver();
    @RegisterExtension
    static final RunningOpsplane opsplane = new RunningOpsplane(() -> AlertingSetup.instance(receiver,
            OrderSaga.create().writeDefinition(Duration.ofMinutes(5)), """
                rules:
                  - name: PaymentErrors
                    kind: service-error-ratio
                    service: payment
                    window: 10m
                    threshold: 0.2
                    minSpans: 5
                    interval: 1s
                  - name: PaymentSlow
                    kind: service-latency-p95
                    service: payment
                    window: 10m
                    threshold: 300
                    interval: 1s
                  - name: OutOfMemory
                    kind: log-count
                    query: OutOfMemoryError
                    service: payment
                    window: 10m
                    interval: 1s
                """).elasticsearch());

    @Test
    void errorRatioLatencyAndLogRulesFireFromWhatTheServicesSent() {
        // ten requests answered by payment, four of them failing and all of them slow (400 ms)
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        post("/v1/traces", OrderTelemetry.chargeRequests("payment", now, 0xa1e47000L, 0xb0L, Duration.ofMillis(400)));
        post("/v1/logs", """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"payment"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","severityNumber":17,"severityText":"ERROR",
                 "body":{"stringValue":"charge worker died: OutOfMemoryError (Java heap space)"}}]}]}]}""".formatted(now));
        TestElasticsearch.refresh();

        await().atMost(Duration.ofSeconds(30)).until(() -> firing().size() == 3);
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        firing().forEach(a -> byName.put(a.path("labels").path("alertname").asString(), a));
        assertThat(byName.get("PaymentErrors").path("value").asDouble()).isEqualTo(0.4);
        assertThat(byName.get("PaymentErrors").path("labels").path("service").asString()).isEqualTo("payment");
        assertThat(byName.get("PaymentSlow").path("value").asDouble()).isBetween(390.0, 410.0);
        assertThat(byName.get("OutOfMemory").path("value").asDouble()).isEqualTo(1.0);

        // and the receiver is told, in Alertmanager's format
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> notified = new TreeSet<>();
            receiver.accepted().forEach(r -> r.json().path("alerts")
                    .forEach(a -> notified.add(a.path("labels").path("alertname").asString())));
            assertThat(notified).containsExactly("OutOfMemory", "PaymentErrors", "PaymentSlow");
        });
    }

    private static List<JsonNode> firing() {
        List<JsonNode> alerts = new ArrayList<>();
        opsplane.api().getJson("/api/alerts?state=firing").forEach(alerts::add);
        return alerts;
    }

    private static void post(String path, String json) {
        var response = opsplane.api().ingest().post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }
}
