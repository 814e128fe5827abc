package io.opsplane.deploy;

import static io.opsplane.deploy.LauncherTestSupport.asAdmin;
import static io.opsplane.deploy.LauncherTestSupport.assertNothingLeftRunning;
import static io.opsplane.deploy.LauncherTestSupport.freePort;
import static io.opsplane.deploy.LauncherTestSupport.send;
import static io.opsplane.deploy.LauncherTestSupport.stateFolder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What ./run does, for real: PostgreSQL, a Kafka broker, Elasticsearch, the packaged console and
 * the demo shop with the OpenTelemetry agent, alerts sent to a webhook served by the test, then a
 * clean stop. Started once for all checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalLauncherTest {

    /** Orders the payment outage holds besides the one the operator compensates alone. */
    private static final int OUTAGE_ORDERS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookReceiver webhook;
    private Path state;
    private LocalLauncher launcher;
    private LocalLauncher.Endpoints endpoints;
    private List<Long> children;
    private Thread supervisor;

    @BeforeAll
    void start() throws IOException {
        state = stateFolder("opsplane-launcher");
        int port = freePort();
        webhook = new WebhookReceiver();
        launcher = new LocalLauncher(Options.parse(new String[] {
                "--port", String.valueOf(port), "--state-dir", state.toString(), "--demo-rate", "2",
                "--alert-webhook", webhook.url()}));
        try {
            endpoints = launcher.start();
        } finally {
            children = launcher.childPids();
        }
        // as ./run does after starting: watch, and restart an engine that dies
        supervisor = Thread.ofPlatform().name("launcher-supervisor").daemon().start(launcher::supervise);
    }

    @AfterAll
    void stopAndLeaveNothingRunning() throws IOException, InterruptedException {
        List<Long> current = launcher.childPids();
        launcher.stop();
        supervisor.join(Duration.ofSeconds(10));
        webhook.close();
        // Kafka, Elasticsearch, the console and the demo's five services, and those replaced by restarts
        assertThat(current).hasSize(8);
        List<Long> all = new ArrayList<>(children);
        all.addAll(current);
        assertNothingLeftRunning(all, state);
    }

    @Test
    @Order(1)
    void tracksAHandFedSaga() throws Exception {
        assertThat(get(endpoints.consoleUrl() + "/actuator/health")).contains("\"UP\"");
        // the generated admin is kept for the next run, and nothing but health answers without it
        assertThat(state.resolve("admin-password")).content().isEqualToIgnoringNewLines(endpoints.admin().password());
        // the demo's agents have a key of their own, which the admin's password does not replace
        assertThat(state.resolve("ingest-key")).content().startsWith("opsk_");
        assertThat(send(authorized(endpoints.consoleUrl() + "/v1/traces").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[]}")).build()).statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(URI.create(endpoints.consoleUrl() + "/api/sagas")).build()).statusCode())
                .isEqualTo(401);
        // the launcher's alert rules are loaded, and the webhook is the one receiver, shown without its path
        assertThat(get(endpoints.consoleUrl() + "/api/alert-rules")).contains("\"SagaStuck\"", "\"CompensationNotDone\"",
                "\"OrderPlacementFailing\"");
        assertThat(get(endpoints.consoleUrl() + "/api/receivers")).contains("\"webhook\"", "127.0.0.1")
                .doesNotContain("/alerts");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka()),
                new StringSerializer(), new StringSerializer())) {
            // no items: the demo's inventory does not take it up, so the saga waits at reserve-stock
            ProducerRecord<String, String> created = new ProducerRecord<>("orders", "o-launch", """
                    {"specversion":"1.0","id":"launch-1","source":"/order-service","type":"com.shop.order.created",
                     "time":"%s","data":{"orderId":"o-launch","memberId":"m-1"}}""".formatted(Instant.now()));
            created.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            producer.send(created).get();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(endpoints.consoleUrl() + "/api/sagas?correlationKey=o-launch"))
                        .contains("\"correlationKey\":\"o-launch\"", "\"status\":\"RUNNING\"",
                                "\"currentStep\":\"reserve-stock\"", "\"responsibleService\":\"inventory\""));
    }

    @Test
    @Order(2)
    void theDemosOrdersCompleteInOpsplaneWithTheirTracesAndLogs() {
        assertThat(endpoints.demo()).containsOnlyKeys("order", "inventory", "payment", "legacy", "gateway");
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(get(endpoints.consoleUrl() + "/api/sagas?type=order-placement&status=COMPLETED"))
                        .contains("\"status\":\"COMPLETED\"", "\"type\":\"order-placement\""));
        // the agents' spans reach the console, and one trace follows an order from service to service over Kafka
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(get(endpoints.consoleUrl() + "/api/traces/dependencies"))
                        .contains("\"parent\":\"order-service\",\"child\":\"inventory-service\"")
                        .contains("\"parent\":\"inventory-service\",\"child\":\"payment-service\"")
                        .contains("\"parent\":\"payment-service\",\"child\":\"order-service\""));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(endpoints.consoleUrl() + "/api/logs?service=order-service&q=confirmed"))
                        .contains("Order o-", "confirmed"));
        // the choreography on the service map: each service's topics, from the spans' messaging attributes
        await("the demo's Kafka edges on the service map").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> edges = new TreeSet<>();
            for (JsonNode link : json(get(endpoints.consoleUrl() + "/api/traces/service-map")).path("topics")) {
                String service = link.path("service").asText();
                String topic = link.path("topic").asText();
                edges.add(link.path("producer").asBoolean() ? service + " -> " + topic : topic + " -> " + service);
            }
            assertThat(edges).contains("order-service -> orders", "orders -> inventory-service",
                    "inventory-service -> inventory", "inventory -> payment-service", "payment-service -> payments",
                    "payments -> order-service");
        });
    }

    @Test
    @Order(3)
    void aSagaStuckOnPaymentTimeoutIsAlertedThenCompensatedWithItsStockBackAndItsTracesAndLogsFound() throws Exception {
        String order = endpoints.demo().get("order");
        String inventory = endpoints.demo().get("inventory");
        String payment = endpoints.demo().get("payment");
        // sku-final-sale is not in the load generator's mix: only this order moves its stock
        JsonNode stockBefore = json(get(inventory + "/stock/sku-final-sale"));
        try (Fault paymentTimeout = faultOn(payment, "payment-timeout")) {
            HttpResponse<String> placed = send(post(order + "/orders", """
                    {"memberId":"m-e2e","product":"sku-final-sale","quantity":3,"amount":42.50}"""));
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
            String orderId = json(placed.body()).path("orderId").asText();
            // more orders held by the same outage, given up together afterwards through a bulk job
            List<String> outage = new ArrayList<>();
            for (int i = 0; i < OUTAGE_ORDERS; i++) {
                HttpResponse<String> another = send(post(order + "/orders", """
                        {"memberId":"m-outage-%d","product":"sku-final-sale","quantity":1,"amount":9.90}""".formatted(i)));
                assertThat(another.statusCode()).as(another.body()).isEqualTo(202);
                outage.add(json(another.body()).path("orderId").asText());
            }
            int outageHeld = OUTAGE_ORDERS;

            await("the charge of " + orderId + " held by the payment service").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(json(get(payment + "/payments/" + orderId)).path("status").asText())
                            .isEqualTo("HELD"));
            await("every order's stock held").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(json(get(inventory + "/stock/sku-final-sale")).path("available").asInt())
                            .isEqualTo(stockBefore.path("available").asInt() - 3 - outageHeld));

            // charge-payment's timeout is 45 s, then the stuck scan (every 5 s) marks it
            JsonNode saga = await("the saga of " + orderId + " STUCK at charge-payment")
                    .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> sagaOf(orderId), s -> s != null && s.path("status").asText().equals("STUCK"));
            assertThat(saga.path("stuckReason").asText()).isEqualTo("STEP_TIMEOUT");
            assertThat(saga.path("currentStep").asText()).isEqualTo("charge-payment");
            assertThat(saga.path("responsibleService").asText()).isEqualTo("payment");
            long sagaId = saga.path("id").asLong();

            // why: the payment service's warnings about the charges it holds, grouped as one message
            await("the why panel of " + orderId + " with the held charges").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                            assertThat(json(get(endpoints.consoleUrl() + "/api/sagas/" + sagaId + "/why")).path("logs")
                                    .findValuesAsText("message"))
                                    .contains("Fault payment-timeout: holding the charge of order … without answering"));

            // the demo's SagaStuck rule (every 10 s) and the webhook route (grouped for 10 s) tell the receiver
            await("a firing SagaStuck alert for charge-payment at the test's webhook").atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(webhook.firingAlert("SagaStuck", "step", "charge-payment"))
                            .as("notifications received: %s", webhook.received).isNotNull());
            JsonNode alert = webhook.firingAlert("SagaStuck", "step", "charge-payment");
            assertThat(alert.path("labels").path("saga_type").asText()).isEqualTo("order-placement");
            assertThat(alert.path("labels").path("reason").asText()).isEqualTo("STEP_TIMEOUT");
            assertThat(alert.path("labels").path("service").asText()).isEqualTo("payment");
            assertThat(alert.path("annotations").path("summary").asText()).contains("stuck at charge-payment");
            // the saga list showing exactly the sagas the alert counted
            assertThat(alert.path("generatorURL").asText()).isEqualTo(endpoints.consoleUrl()
                    + "/sagas?type=order-placement&status=STUCK&stuckReason=STEP_TIMEOUT&step=charge-payment");

            // the operator gives the order up: Opsplane sends ReleaseStock (the only step done), the inventory
            // answers StockReleased, the order service cancels, the payment service voids the held charge
            HttpResponse<String> decided = send(post(endpoints.consoleUrl() + "/api/sagas/" + sagaId + "/actions", """
                    {"kind":"COMPENSATE","reason":"payment provider not answering: order given up"}"""));
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);
            JsonNode action = json(decided.body());
            assertThat(action.path("items").findValuesAsText("commandType")).containsExactly("ReleaseStock");
            long actionId = action.path("id").asLong();
            await("compensation action " + actionId + " VERIFIED").atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(json(get(endpoints.consoleUrl() + "/api/actions/" + actionId))
                            .path("status").asText()).isEqualTo("VERIFIED"));
            await("the saga of " + orderId + " COMPENSATED").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(sagaOf(orderId).path("status").asText()).isEqualTo("COMPENSATED"));

            await("the order's 3 of sku-final-sale back").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode stock = json(get(inventory + "/stock/sku-final-sale"));
                assertThat(stock.path("available").asInt()).isEqualTo(stockBefore.path("available").asInt() - outageHeld);
                assertThat(stock.path("reserved").asInt()).isEqualTo(stockBefore.path("reserved").asInt() + outageHeld);
            });
            JsonNode cancelled = json(get(order + "/orders/" + orderId));
            assertThat(cancelled.path("status").asText()).as(cancelled.toString()).isEqualTo("CANCELLED");
            await("the held charge of " + orderId + " voided").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(json(get(payment + "/payments/" + orderId)).path("status").asText()).isEqualTo("VOIDED"));

            // its traces through the Jaeger-compatible API: the order's path through the three services and
            // the inventory's handling of Opsplane's command (exports are batched: give them time)
            await("the saga's traces across order, inventory and payment, with the ReleaseStock command's consumer")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                        JsonNode traces = json(get(endpoints.consoleUrl() + "/api/sagas/" + sagaId + "/traces"));
                        Set<String> services = new TreeSet<>();
                        Set<String> operations = new TreeSet<>();
                        for (JsonNode summary : traces.path("traces")) {
                            HttpResponse<String> jaeger = send(authorized(endpoints.consoleUrl() + "/jaeger/api/traces/"
                                    + summary.path("traceId").asText()).build());
                            assertThat(jaeger.statusCode()).as(jaeger.body()).isEqualTo(200);
                            for (JsonNode trace : json(jaeger.body()).path("data")) {
                                trace.path("processes").forEach(p -> services.add(p.path("serviceName").asText()));
                                trace.path("spans").forEach(span -> operations.add(span.path("operationName").asText()));
                            }
                        }
                        assertThat(services).as("services of the traces %s", traces)
                                .contains("order-service", "inventory-service", "payment-service");
                        assertThat(operations).as("operations").anyMatch(name -> name.contains("inventory-commands"));
                    });
            // and its logs, through the saga and through the log search by trace id
            await("the saga's logs: the held charge, the released stock, the cancelled order")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                            assertThat(json(get(endpoints.consoleUrl() + "/api/sagas/" + sagaId + "/logs"))
                                    .path("items").findValuesAsText("body"))
                                    .anyMatch(line -> line.contains("holding the charge of order " + orderId))
                                    .anyMatch(line -> line.contains("released 3 x sku-final-sale"))
                                    .anyMatch(line -> line.contains("Order " + orderId + " cancelled")));
            String firstTrace = json(get(endpoints.consoleUrl() + "/api/sagas/" + sagaId + "/traces"))
                    .path("traces").path(0).path("traceId").asText();
            assertThat(json(get(endpoints.consoleUrl() + "/api/logs?traceId=" + firstTrace)).path("items")
                    .findValuesAsText("body")).anyMatch(line -> line.contains(orderId));

            // the compensation is in the audit log, whose chain holds, and which the console's role cannot change
            JsonNode chain = json(get(endpoints.consoleUrl() + "/api/audit/verify"));
            assertThat(chain.path("intact").asBoolean()).as(chain.toString()).isTrue();
            assertThat(chain.path("entries").asLong()).isPositive();
            try (java.sql.Connection console = java.sql.DriverManager.getConnection(endpoints.jdbcUrl(),
                    PostgresService.CONSOLE_USER, PostgresService.CONSOLE_PASSWORD);
                 java.sql.Statement statement = console.createStatement()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                                statement.executeUpdate("UPDATE operator_audit SET reason = 'rewritten'"))
                        .hasMessageContaining("permission denied for table operator_audit");
            }

            // the rest of the outage, as the night's operator gives it up: one bulk job over the sagas stuck at
            // charge-payment for sku-final-sale (the definition's search key "product"; the load generator never
            // orders it), a canary, then the others; the README's checks for every order
            String filter = """
                    {"type":"order-placement","status":"STUCK","step":"charge-payment","q":"sku-final-sale"}""";
            await("the outage's " + OUTAGE_ORDERS + " sagas STUCK at charge-payment").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(json(send(post(
                            endpoints.consoleUrl() + "/api/bulk-jobs/count", filter)).body()).path("count").asInt())
                            .as("sagas the filter counts").isEqualTo(OUTAGE_ORDERS));
            HttpResponse<String> created = send(post(endpoints.consoleUrl() + "/api/bulk-jobs", """
                    {"filter": %s, "kind": "COMPENSATE", "reason": "payment provider down: orders given up",
                     "canarySize": 2, "ratePerSecond": 20, "expectedCount": %d}""".formatted(filter, OUTAGE_ORDERS)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long jobId = json(created.body()).path("id").asLong();
            String job = endpoints.consoleUrl() + "/api/bulk-jobs/" + jobId;
            await("the canary's 2 actions verified").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        JsonNode review = json(get(job));
                        assertThat(review.path("status").asText()).isEqualTo("REVIEW");
                        assertThat(review.path("actions").path("VERIFIED").asInt()).as(review.toString()).isEqualTo(2);
                    });
            assertThat(send(post(job + "/resume", "")).statusCode()).isEqualTo(200);
            await("bulk job " + jobId + " done with every action verified").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        JsonNode done = json(get(job));
                        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("DONE");
                        assertThat(done.path("actions").path("VERIFIED").asInt()).as(done.toString())
                                .isEqualTo(OUTAGE_ORDERS);
                    });
            for (String held : outage) {
                assertThat(sagaOf(held).path("status").asText()).as(held).isEqualTo("COMPENSATED");
                assertThat(json(get(order + "/orders/" + held)).path("status").asText()).as(held).isEqualTo("CANCELLED");
                await("the held charge of " + held + " voided").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(json(get(payment + "/payments/" + held)).path("status").asText()).isEqualTo("VOIDED"));
            }
            JsonNode stockAfter = json(get(inventory + "/stock/sku-final-sale"));
            assertThat(stockAfter.path("available").asInt()).isEqualTo(stockBefore.path("available").asInt());
            assertThat(stockAfter.path("reserved").asInt()).isEqualTo(stockBefore.path("reserved").asInt());
        }
    }

    @Test
    @Order(4)
    void theMigrationViewFollowsTheGatewaySplitAndOneOrdersTraceCrossesGatewayLegacyShopAndNewServices() {
        String gateway = endpoints.demo().get("gateway");
        for (int share : new int[] {0, 50, 100}) {
            assertThat(send(post(gateway + "/gateway/split?orderService=" + share, "")).statusCode()).isEqualTo(200);
            Instant moved = Instant.now();
            await("order-service's share of /orders since the split moved to " + share + " %")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                        JsonNode route = ordersRoute(moved);
                        assertThat(route.path("requests").asLong()).as(route.toString()).isGreaterThanOrEqualTo(16);
                        double newShare = route.path("newShare").asDouble();
                        switch (share) {
                            case 0 -> assertThat(newShare).as(route.toString()).isZero();
                            case 100 -> assertThat(newShare).as(route.toString()).isEqualTo(1.0);
                            default -> assertThat(newShare).as(route.toString()).isBetween(0.2, 0.8);
                        }
                    });
        }
        // an order the legacy shop took: the gateway's span, the legacy shop's Zipkin spans (B3 over HTTP) and
        // the inventory service's consumer of its Debezium-style outbox record (B3 over Kafka), in one trace
        await("a trace through gateway, legacy-shop and inventory-service").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                    JsonNode traces = json(get(endpoints.consoleUrl()
                            + "/jaeger/api/traces?service=legacy-shop&lookback=10m&limit=20"));
                    assertThat(traces.path("data")).as("legacy-shop's traces").anySatisfy(trace -> {
                        Set<String> services = new TreeSet<>();
                        trace.path("processes").forEach(p -> services.add(p.path("serviceName").asText()));
                        assertThat(services).contains("gateway", "legacy-shop", "inventory-service");
                    });
                });
    }

    @Test
    @Order(5)
    void theNewOrderServicesErrorsRaiseTheComparisonAlertWhileLegacyStaysHealthy() throws Exception {
        String gateway = endpoints.demo().get("gateway");
        String order = endpoints.demo().get("order");
        assertThat(send(post(gateway + "/gateway/split?orderService=50", "")).statusCode()).isEqualTo(200);
        Instant faulty = Instant.now();
        try (Fault orderErrors = faultOn(order, "order-errors")) {
            await("a firing NewOrderServiceWorseThanLegacy alert at the test's webhook").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                            assertThat(webhook.firingAlert("NewOrderServiceWorseThanLegacy", "route", "/orders"))
                                    .as("notifications received: %s", webhook.received).isNotNull());
            JsonNode alert = webhook.firingAlert("NewOrderServiceWorseThanLegacy", "route", "/orders");
            assertThat(alert.path("labels").path("service").asText()).isEqualTo("order-service");
            assertThat(alert.path("labels").path("legacy_service").asText()).isEqualTo("legacy-shop");
            assertThat(alert.path("generatorURL").asText())
                    .isEqualTo(endpoints.consoleUrl() + "/migration?lookback=2m&route=/orders");
            // the legacy shop answered all of its share without an error meanwhile
            JsonNode route = ordersRoute(faulty);
            for (JsonNode backend : route.path("backends")) {
                if (backend.path("service").asText().equals("legacy-shop")) {
                    assertThat(backend.path("requests").asLong()).as(route.toString()).isPositive();
                    assertThat(backend.path("errors").asLong()).as(route.toString()).isZero();
                } else {
                    assertThat(backend.path("errors").asLong()).as(route.toString()).isPositive();
                }
            }
        }
    }

    /**
     * The order service stops consuming: its group's lag shows on the Kafka page and its service row within 15 s, the
     * lag alert fires before the first saga waiting on it is stuck, and that saga's why panel names the group.
     */
    @Test
    @Order(6)
    void theOrderServiceStoppingShowsAsLagAndAlertsBeforeItsSagasAreStuck() throws Exception {
        String order = endpoints.demo().get("order");
        Instant stopped = Instant.now();
        try (Fault orderStop = faultOn(order, "stop")) {
            long first = await("order-service behind").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> orderServiceLag(), lag -> lag > 0);
            await("order-service further behind").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> orderServiceLag(), lag -> lag > first);

            // the demo's services have a group per subscription, "order-service.payment-events" among them
            JsonNode lagAlert = await("a firing ConsumerGroupLagging alert for order-service")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> firing("ConsumerGroupLagging", "service", "order-service"), a -> a != null);
            assertThat(lagAlert.path("labels").path("group").asText()).startsWith("order-service.");
            assertThat(lagAlert.path("generatorURL").asText())
                    .startsWith(endpoints.consoleUrl() + "/kafka?group=order-service.");

            JsonNode stuck = await("a saga stuck at confirm-order").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> firstStuckAt("confirm-order", stopped), s -> s != null);
            assertThat(Instant.parse(lagAlert.path("firedAt").asText()))
                    .as("the lag alert fires before the first saga is stuck").isBefore(Instant.parse(stuck.path("stuckSince").asText()));
            // the group counts as stalled after 30 s without progress, as sampled: a reload or two after the saga is stuck
            JsonNode why = await("the why panel naming order-service's group").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> json(get(endpoints.consoleUrl() + "/api/sagas/" + stuck.path("id").asLong() + "/why")),
                            w -> w.path("sentence").asText().startsWith("order's group order-service.")
                                    && w.path("sentence").asText().contains(" has made no progress for "));
            assertThat(why.path("sentence").asText()).as(why.toString()).contains(" records behind on ");
        }
        await("order-service keeping up again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> orderServiceLag() < 10);
    }

    /**
     * The inventory reserves stock but publishes no StockReserved: the why panel of a saga waiting at reserve-stock
     * says the inventory consumed the order events and published no StockReserved on inventory.
     */
    @Test
    @Order(7)
    void theInventoryDroppingStockReservedIsExplainedOnTheStuckSaga() throws Exception {
        String inventory = endpoints.demo().get("inventory");
        Instant dropping = Instant.now();
        try (Fault stockReservedDrop = faultOn(inventory, "inventory-drop", "?event=StockReserved")) {
            JsonNode stuck = await("a saga stuck at reserve-stock").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> firstStuckAt("reserve-stock", dropping), s -> s != null);
            JsonNode why = json(get(endpoints.consoleUrl() + "/api/sagas/" + stuck.path("id").asLong() + "/why"));
            assertThat(why.path("sentence").asText()).as(why.toString())
                    .startsWith("inventory consumed what it was sent (inventory-service.")
                    .containsAnyOf("has published no StockReserved on inventory for ",
                            "has published nothing on inventory for ");

            // Retry step asks the inventory to publish StockReserved again (an answer to a command: not dropped);
            // the payment charges on it and the saga moves on, to COMPLETED (or COMPENSATED over the payment limit)
            long sagaId = stuck.path("id").asLong();
            HttpResponse<String> retried = send(post(endpoints.consoleUrl() + "/api/sagas/" + sagaId + "/actions", """
                    {"kind":"RETRY_STEP","reason":"StockReserved lost in the inventory-drop incident"}"""));
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
            assertThat(json(retried.body()).path("items").findValuesAsText("commandType"))
                    .containsExactly("RepublishReservation");
            long actionId = json(retried.body()).path("id").asLong();
            await("retry action " + actionId + " VERIFIED").atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(json(get(endpoints.consoleUrl() + "/api/actions/" + actionId))
                            .path("status").asText()).isEqualTo("VERIFIED"));
            await("the retried saga " + sagaId + " ended").atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(json(get(endpoints.consoleUrl() + "/api/sagas/" + sagaId))
                            .path("saga").path("status").asText()).isIn("COMPLETED", "COMPENSATED"));
        }
    }

    /** How many records order-service's groups are behind, as GET /api/kafka/groups answers it. */
    private long orderServiceLag() throws IOException {
        long lag = 0;
        for (JsonNode group : json(get(endpoints.consoleUrl() + "/api/kafka/groups"))) {
            if (group.path("service").asText().equals("order-service")) {
                lag += group.path("lag").asLong();
            }
        }
        return lag;
    }

    /** The firing alert of that rule with that label, as GET /api/alerts answers it, or null. */
    private JsonNode firing(String rule, String label, String value) throws IOException {
        for (JsonNode alert : json(get(endpoints.consoleUrl() + "/api/alerts?state=firing"))) {
            if (alert.path("rule").asText().equals(rule) && alert.path("labels").path(label).asText().equals(value)) {
                return alert;
            }
        }
        return null;
    }

    /** The saga stuck at {@code step} since {@code after} that was stuck first, or null. */
    private JsonNode firstStuckAt(String step, Instant after) throws IOException {
        JsonNode first = null;
        for (JsonNode saga : json(get(endpoints.consoleUrl() + "/api/sagas?type=order-placement&status=STUCK&step="
                + step + "&limit=500")).path("items")) {
            Instant since = Instant.parse(saga.path("stuckSince").asText());
            if (since.isAfter(after) && (first == null || since.isBefore(Instant.parse(first.path("stuckSince").asText())))) {
                first = saga;
            }
        }
        return first;
    }

    /** The migration view's /orders since {@code from}, as GET /api/migration/routes answers it. */
    private JsonNode ordersRoute(Instant from) throws IOException {
        JsonNode answer = json(get(endpoints.consoleUrl() + "/api/migration/routes?start=" + from + "&end="
                + Instant.now()));
        for (JsonNode route : answer.path("routes")) {
            if (route.path("route").asText().equals("/orders")) {
                return route;
            }
        }
        throw new AssertionError("no /orders in the migration view: " + answer);
    }

    /** The order-placement saga of an order as the saga list shows it, or null before Opsplane has seen it. */
    private JsonNode sagaOf(String orderId) throws Exception {
        JsonNode items = json(get(endpoints.consoleUrl() + "/api/sagas?type=order-placement&correlationKey=" + orderId))
                .path("items");
        return items.isEmpty() ? null : items.get(0);
    }

    /**
     * Switches a fault of a demo service on (docs/demo.md: POST /faults/{fault}, with its settings in the query);
     * closing the answer switches it off again, whatever the test found meanwhile.
     */
    private Fault faultOn(String service, String fault, String query) {
        assertThat(send(post(service + "/faults/" + fault + query, "")).statusCode()).isEqualTo(200);
        return () -> send(HttpRequest.newBuilder(URI.create(service + "/faults/" + fault)).DELETE().build());
    }

    private Fault faultOn(String service, String fault) {
        return faultOn(service, fault, "");
    }

    /** A fault switched on, for try-with-resources. */
    private interface Fault extends AutoCloseable {
        @Override
        void close();
    }

    private HttpRequest post(String url, String body) {
        return authorized(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    /**
     * Elasticsearch, then Kafka, killed under the running launcher (SIGTERM, as an OOM killer's or an operator's
     * mistake would): each comes back by itself, the console stays up throughout, and sagas and telemetry resume.
     */
    @Test
    @Order(10)
    void engineProcessesThatDieAreRestartedWhileTheConsoleStaysUp() throws Exception {
        String health = endpoints.consoleUrl() + "/actuator/health";
        long searchPid = launcher.childPids().get(1);
        ProcessHandle.of(searchPid).orElseThrow().destroy();
        await("search degraded, console up").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(JSON.readTree(get(health)).path("components").path("search").path("status").asText())
                        .isEqualTo("DEGRADED"));
        await("Elasticsearch restarted").atMost(Duration.ofSeconds(240)).until(() ->
                launcher.restarts().getOrDefault("Elasticsearch", 0) == 1);
        assertThat(launcher.childPids().get(1)).isNotEqualTo(searchPid);

        long kafkaPid = launcher.childPids().get(0);
        ProcessHandle.of(kafkaPid).orElseThrow().destroy();
        await("readiness down without Kafka").atMost(Duration.ofSeconds(30)).until(() ->
                send(HttpRequest.newBuilder(URI.create(health + "/readiness")).build()).statusCode() == 503);
        await("Kafka restarted").atMost(Duration.ofSeconds(180)).until(() ->
                launcher.restarts().getOrDefault("Kafka", 0) == 1);
        Instant back = Instant.now();
        await("ready again").atMost(Duration.ofSeconds(60)).until(() ->
                send(HttpRequest.newBuilder(URI.create(health + "/readiness")).build()).statusCode() == 200);
        assertThat(JSON.readTree(get(health)).path("components").path("search").path("status").asText()).isEqualTo("UP");

        // the demo's orders go on through the restarted broker, and their spans into the restarted node
        await("sagas resume").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(get(endpoints.consoleUrl() + "/api/sagas?type=order-placement&status=COMPLETED&startedFrom="
                        + back)).contains("\"status\":\"COMPLETED\""));
        await("telemetry resumes").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(JSON.readTree(get(endpoints.consoleUrl() + "/jaeger/api/traces?service=order-service&limit=1&start="
                        + back.toEpochMilli() * 1000)).path("data").size()).isEqualTo(1));
        assertThat(launcher.restarts()).isEqualTo(Map.of("Elasticsearch", 1, "Kafka", 1));
    }

    /** GET as the launcher's admin (the demo's services ignore the header). */
    private String get(String url) {
        return send(authorized(url).build()).body();
    }

    private HttpRequest.Builder authorized(String url) {
        return asAdmin(endpoints, url);
    }

    /** The test's alert receiver: an HTTP server on loopback keeping every notification it is sent. */
    private static final class WebhookReceiver implements AutoCloseable {

        record Notification(String webhookId, String body) {
        }

        final List<Notification> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        WebhookReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/alerts", exchange -> {
                try (exchange) {
                    received.add(new Notification(exchange.getRequestHeaders().getFirst("webhook-id"),
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
        }

        /** A firing alert of that rule with that label in an Alertmanager (version 4) notification, or null. */
        JsonNode firingAlert(String alertName, String label, String value) throws IOException {
            for (Notification notification : received) {
                JsonNode body = JSON.readTree(notification.body());
                if (notification.webhookId() == null || !body.path("version").asText().equals("4")) {
                    continue;
                }
                for (JsonNode alert : body.path("alerts")) {
                    if (alert.path("status").asText().equals("firing")
                            && alert.path("labels").path("alertname").asText().equals(alertName)
                            && alert.path("labels").path(label).asText().equals(value)) {
                        return alert;
                    }
                }
            }
            return null;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
