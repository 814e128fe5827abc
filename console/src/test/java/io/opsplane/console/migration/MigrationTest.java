package io.opsplane.console.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.opsplane.console.alerting.AlertingSetup;
import io.opsplane.console.alerting.WebhookReceiver;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The strangler-fig migration as the team reads it: "POST /orders" answered by the legacy shop and by the new
 * order service, each request a server span with its http.route, and sagas started by some of them.
 */
class MigrationTest {

    static final String LEGACY = "legacy-shop";
    static final String NEW = "order-service";

    @AutoClose
    private static WebhookReceiver receiver;
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        OrderSaga saga = OrderSaga.create();
        receiver = new WebhookReceiver();
        // the new service fails four times in ten, legacy once in twenty: eight times worse
        String rules = AlertingSetup.rulesFile("""
                rules:
                  - name: NewOrdersWorseThanLegacy
                    kind: migration-error-ratio
                    route: /orders
                    service: order-service
                    window: 10m
                    minSpans: 5
                    threshold: 2
                    interval: 1s
                  - name: FarWorse
                    kind: migration-error-ratio
                    route: /orders
                    window: 10m
                    minSpans: 5
                    threshold: 10
                    interval: 1s
                """);
        opsplane = AlertingSetup.configure(OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(10))), receiver, rules)
                .property("opsplane.migration.legacy-services", LEGACY)
                .property("opsplane.migration.gateway-services", "gateway")
                .elasticsearch(TestElasticsearch.uniquePrefix()).start();
        api = opsplane.api();
        Instant at = Instant.now().minusSeconds(120);
        OrderEvents events = new OrderEvents(saga);
        List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
        List<String> spans = new ArrayList<>();
        // legacy: 20 requests, one failing; 6 of them started sagas that completed
        for (int i = 0; i < 20; i++) {
            String order = "mig-legacy-" + i;
            spans.add(serverSpan(LEGACY, "/orders", OrderEvents.traceIdOf(order), at.plusMillis(i), 80, i == 0));
            if (i < 6) {
                stream.addAll(events.completedSaga(order, at.plusMillis(i)));
            }
        }
        // new: 10 requests, four failing; 4 started sagas, of which two completed and two wait on stock
        for (int i = 0; i < 10; i++) {
            String order = "mig-new-" + i;
            spans.add(serverSpan(NEW, "/orders", OrderEvents.traceIdOf(order), at.plusMillis(100 + i), 200, i < 4));
            if (i < 2) {
                stream.addAll(events.completedSaga(order, at.plusMillis(100 + i)));
            } else if (i < 4) {
                stream.add(events.orderCreated(order, at.plusMillis(100 + i)));
            }
        }
        // the gateway answered every order first: the edge, not a backend
        for (int i = 0; i < 30; i++) {
            String order = i < 20 ? "mig-legacy-" + i : "mig-new-" + (i - 20);
            spans.add(serverSpan("gateway", "/orders", OrderEvents.traceIdOf(order), at.plusMillis(i), 250, false));
        }
        // a route the gateway forwards to the new service alone: moved all the way
        for (int i = 0; i < 3; i++) {
            String trace = "%032x".formatted(0xca7a1000L + i);
            spans.add(serverSpan("gateway", "/catalog", trace, at.plusMillis(i), 30, false));
            spans.add(serverSpan("catalog-service", "/catalog", trace, at.plusMillis(i), 20, false));
        }
        // a route only the new service ever answered, behind no gateway, is not part of the migration
        spans.add(serverSpan(NEW, "/health", "%032x".formatted(0x6ea17L), at, 1, false));
        post(spans);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, stream);
        }
        TestElasticsearch.refresh();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.getJson("/api/sagas?limit=100").path("items").size()).isEqualTo(10));
    }

    @Test
    void eachRouteShowsLegacyAndNewSideBySide() {
        JsonNode answer = api.getJson("/api/migration/routes?start=" + Instant.now().minusSeconds(600) + "&end="
                + Instant.now());
        assertThat(answer.path("legacyServices").toString()).isEqualTo("[\"" + LEGACY + "\"]");
        List<JsonNode> routes = list(answer.path("routes"));
        assertThat(routes).extracting(r -> r.path("route").asString()).containsExactly("/orders", "/catalog");
        assertThat(routes.get(1).path("newShare").asDouble()).isEqualTo(1.0);
        JsonNode orders = routes.getFirst();
        assertThat(orders.path("requests").asLong()).isEqualTo(30);
        List<JsonNode> backends = list(orders.path("backends"));
        assertThat(backends).extracting(b -> b.path("service").asString()).containsExactly(LEGACY, NEW);

        JsonNode legacy = backends.get(0);
        assertThat(legacy.path("legacy").asBoolean()).isTrue();
        assertThat(legacy.path("requests").asLong()).isEqualTo(20);
        assertThat(legacy.path("share").asDouble()).isCloseTo(2 / 3.0, within());
        assertThat(legacy.path("errorRatio").asDouble()).isCloseTo(0.05, within());
        assertThat(legacy.path("p95Millis").asDouble()).isBetween(75.0, 85.0);
        assertThat(legacy.path("sagasSeen").asInt()).isEqualTo(6);
        assertThat(legacy.path("sagaCompletion").asDouble()).isEqualTo(1.0);
        assertThat(sum(legacy.path("perBucket"))).isEqualTo(20);

        JsonNode fresh = backends.get(1);
        assertThat(fresh.path("legacy").asBoolean()).isFalse();
        assertThat(fresh.path("share").asDouble()).isCloseTo(1 / 3.0, within());
        assertThat(fresh.path("errorRatio").asDouble()).isCloseTo(0.4, within());
        assertThat(fresh.path("sagasSeen").asInt()).isEqualTo(4);
        assertThat(fresh.path("sagaCompletion").asDouble()).isEqualTo(0.5);
        assertThat(orders.path("newShare").asDouble()).isCloseTo(1 / 3.0, within());
    }

    @Test
    void theNewServiceFailingMoreThanTwiceAsOftenAsLegacyRaisesTheComparisonAlert() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> firing = list(api.getJson("/api/alerts?state=firing"));
            assertThat(firing).extracting(a -> a.path("labels").path("alertname").asString())
                    .containsExactly("NewOrdersWorseThanLegacy");
            JsonNode alert = firing.getFirst();
            assertThat(alert.path("value").asDouble()).isCloseTo(8.0, within());
            assertThat(alert.path("labels").path("route").asString()).isEqualTo("/orders");
            assertThat(alert.path("labels").path("service").asString()).isEqualTo(NEW);
            assertThat(alert.path("labels").path("legacy_service").asString()).isEqualTo(LEGACY);
        });
        // the receiver is told, with a link to the route in the migration view
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(receiver.accepted()).anySatisfy(r ->
                assertThat(r.json().path("alerts").get(0).path("generatorURL").asString())
                        .endsWith("/migration?lookback=10m&route=/orders")));
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsABadRequest() {
        var response = api.get("/api/migration/routes?start=" + Instant.now() + "&end=" + Instant.now().minusSeconds(60));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("start must be before end");
    }

    static String serverSpan(String service, String route, String traceId, Instant start, long millis, boolean failed) {
        long nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return """
                {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%016x","name":"POST %s","kind":2,
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                 "attributes":[{"key":"http.route","value":{"stringValue":"%s"}}]%s}]}]}""".formatted(service, traceId,
                Math.abs((long) (traceId + service).hashCode()) + 1, route, nanos, nanos + millis * 1_000_000L, route,
                failed ? ",\"status\":{\"code\":2}" : "");
    }

    static void post(List<String> resourceSpans) {
        String body = "{\"resourceSpans\":[" + String.join(",", resourceSpans) + "]}";
        var response = api.ingest().post("/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static long sum(JsonNode array) {
        return list(array).stream().mapToLong(JsonNode::asLong).sum();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.001);
    }
}
