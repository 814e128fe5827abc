package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A compensation command POSTed to the owning service's URL: the same CloudEvent with Idempotency-Key,
 * its trace as traceparent and, for a service traced with Brave, b3, and a bearer token; a 503 is retried with backoff under the same key, and the outcome event
 * still proves it worked. The stock is released over Kafka as usual, after the refund is verified.
 */
class HttpCommandTest {

    private final CompensableOrderSaga saga = CompensableOrderSaga.create();
    /** The payment service's events, and the test's own. */
    @AutoClose
    private final KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
    /** The inventory answers ReleaseStock over Kafka as usual. */
    @AutoClose
    private final CommandService inventory = new CommandService(saga, orderId -> false);
    private HttpServer payment;

    private record Call(String idempotencyKey, String authorization, String contentType, String traceparent, String b3,
                        JsonNode body) {
    }

    @Test
    void aCommandPostedToTheServiceIsRetriedAfterA503UnderTheSameKeyAndVerifiedByItsEvent() throws IOException {
        List<Call> calls = new CopyOnWriteArrayList<>();
        String url = paymentService((exchange, body) -> {
            calls.add(new Call(header(exchange, "Idempotency-Key"), header(exchange, "Authorization"),
                    header(exchange, "Content-Type"), header(exchange, "traceparent"), header(exchange, "b3"), body));
            if (calls.size() == 1) {
                respond(exchange, 503, "{\"error\":\"busy\"}");
                return;
            }
            respond(exchange, 202, "");
            // the payment service refunds, then publishes its usual event
            OrderEvents.send(producer, List.of(saga.paymentRefunded(body.path("data").path("orderId").asString(),
                    Instant.now())));
        });
        try (OpsplaneInstance opsplane = refundingOver(url)
                .property("opsplane.compensation.http.bearer-token", "s3cret-token")
                .property("opsplane.compensation.propagation", "tracecontext,b3")
                .property("opsplane.compensation.send.initial-backoff", "300ms")
                .start()) {
            ApiClient api = opsplane.api();
            long sagaId = stuckAtConfirmation(api, "o-http-1");

            JsonNode dryRun = ApiClient.JSON.readTree(api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId
                    + "/actions/dry-run", "{\"kind\":\"COMPENSATE\"}").body());
            assertThat(dryRun.path("checks").toString()).contains("POST " + url, "accepts connections");
            assertThat(calls).as("a dry run sends nothing").isEmpty();

            HttpResponse<String> confirmed = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                    "{\"kind\":\"COMPENSATE\",\"reason\":\"http test\"}");
            long actionId = ApiClient.JSON.readTree(confirmed.body()).path("id").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.getJson("/api/actions/" + actionId).path("status").asString().equals("VERIFIED"));

            assertThat(calls).hasSize(2);
            assertThat(calls).extracting(Call::idempotencyKey).containsOnly("order-placement/o-http-1/charge-payment/compensate/1");
            assertThat(calls).extracting(Call::authorization).containsOnly("Bearer s3cret-token");
            assertThat(calls.getFirst().contentType()).startsWith("application/cloudevents+json");
            // one trace and span, in both formats; the saga's own trace when its events carried one
            Call first = calls.getFirst();
            assertThat(first.traceparent()).matches("00-" + OrderEvents.traceIdOf("o-http-1") + "-[0-9a-f]{16}-01");
            assertThat(first.b3()).isEqualTo(first.traceparent().substring(3, 52) + "-1");
            assertThat(calls.get(0).body()).isEqualTo(calls.get(1).body());
            assertThat(calls.getFirst().body().path("type").asString()).isEqualTo("RefundPayment");
            assertThat(inventory.receivedFor("o-http-1")).extracting(CommandService.Received::type)
                    .containsExactly("ReleaseStock");
            Map<String, Object> outbox = opsplane.jdbc().queryForMap("SELECT attempts, last_error FROM command_outbox"
                    + " WHERE idempotency_key = 'order-placement/o-http-1/charge-payment/compensate/1'");
            assertThat(outbox.get("attempts")).isEqualTo(2);
            assertThat((String) outbox.get("last_error")).contains("HTTP 503");
        }
    }

    @Test
    void aCommandWaitsWhileItsServiceIsAwayAndOnlyADefinitiveRefusalFailsIt() throws IOException {
        List<String> answered = new CopyOnWriteArrayList<>();
        String url = paymentService((exchange, body) -> {
            String orderId = body.path("data").path("orderId").asString();
            if (orderId.equals("o-hold-3")) {
                // a service that will not come back
                respond(exchange, 503, "{\"error\":\"retired\"}");
                return;
            }
            if (orderId.equals("o-hold-2")) {
                answered.add("400");
                respond(exchange, 400, "{\"error\":\"unknown payment\"}");
                return;
            }
            // away for twelve attempts, more than the six after which commands used to be given up
            if (answered.size() < 12) {
                answered.add("503");
                respond(exchange, 503, "{\"error\":\"down for maintenance\"}");
                return;
            }
            answered.add("202");
            respond(exchange, 202, "");
            OrderEvents.send(producer, List.of(saga.paymentRefunded(orderId, Instant.now())));
        });
        try (OpsplaneInstance opsplane = refundingOver(url)
                .property("opsplane.compensation.send.initial-backoff", "100ms")
                .property("opsplane.compensation.send.max-backoff", "400ms")
                .start()) {
            ApiClient api = opsplane.api();
            long held = compensateStuckSaga(api, "o-hold-1");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode action = api.getJson("/api/actions/" + held);
                assertThat(action.path("status").asString()).isEqualTo("IN_PROGRESS");
                assertThat(action.path("items").get(0).path("error").asString())
                        .matches("not delivered yet, waiting for [^ ]+ since \\d{4}-\\d\\d-\\d\\dT[0-9:]+Z \\(([7-9]|1[0-2]) attempts\\):"
                                + " .*HTTP 503.*");
            });
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.getJson("/api/actions/" + held).path("status").asString().equals("VERIFIED"));
            assertThat(answered.stream().filter("503"::equals)).hasSize(12);
            assertThat(api.getJson("/api/actions/" + held).path("items").get(0).path("error").isNull()).isTrue();

            long refused = compensateStuckSaga(api, "o-hold-2");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.getJson("/api/actions/" + refused).path("status").asString().equals("FAILED"));
            assertThat(api.getJson("/api/actions/" + refused).path("outcome").asString())
                    .contains("refused by its destination (attempt 1)", "HTTP 400");
            assertThat(answered.stream().filter("400"::equals)).hasSize(1);

            // an operator withdraws a command whose service is gone, with a reason: audited, and the saga is free
            long withdrawn = compensateStuckSaga(api, "o-hold-3");
            await().atMost(Duration.ofSeconds(30)).until(() -> api.getJson("/api/actions/" + withdrawn).path("items")
                    .get(0).path("error").asString().startsWith("not delivered yet"));
            assertThat(api.as(TestUsers.VIEWER).postJson("/api/actions/" + withdrawn + "/cancel", "{\"reason\":\"payment retired\"}")
                    .statusCode()).as("a viewer may not").isEqualTo(403);
            HttpResponse<String> cancelled = api.as(TestUsers.OPERATOR).postJson("/api/actions/" + withdrawn
                    + "/cancel", "{\"reason\":\"payment service retired; refund by hand\"}");
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            JsonNode action = ApiClient.JSON.readTree(cancelled.body());
            assertThat(action.path("status").asString()).isEqualTo("FAILED");
            assertThat(action.path("outcome").asString()).isEqualTo("cancelled by " + TestUsers.OPERATOR
                    + " before delivery: payment service retired; refund by hand");
            assertThat(action.path("items").get(0).path("state").asString()).isEqualTo("NOT_SENT");
            Map<String, Object> outbox = opsplane.jdbc().queryForMap("SELECT sent_at, failed_at FROM command_outbox"
                    + " WHERE action_id = ?", withdrawn);
            assertThat(outbox.get("sent_at")).isNull();
            assertThat(outbox.get("failed_at")).as("the relay takes only rows neither sent nor failed").isNotNull();
            // the same cancel again is the same answer; a finished action has nothing to withdraw
            assertThat(ApiClient.JSON.readTree(api.as(TestUsers.OPERATOR).postJson("/api/actions/" + withdrawn
                    + "/cancel", "{\"reason\":\"again\"}").body()).path("outcome").asString())
                    .isEqualTo(action.path("outcome").asString());
            HttpResponse<String> finished = api.as(TestUsers.OPERATOR).postJson("/api/actions/" + held + "/cancel",
                    "{\"reason\":\"too late\"}");
            assertThat(finished.statusCode()).isEqualTo(409);
            assertThat(finished.body()).contains("only a command still waiting for delivery can be cancelled");
            assertThat(api.getJson("/api/audit?action=ACTION_CANCELLED").toString())
                    .contains("payment service retired; refund by hand");
        }
    }

    /** A console whose RefundPayment is POSTed to {@code url}, checking outcomes every 300 ms; not started yet. */
    private OpsplaneInstance.Builder refundingOver(String url) {
        return OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofSeconds(2), Duration.ofSeconds(30), url))
                .property("opsplane.compensation.http.allowed-urls", url)
                .property("opsplane.compensation.verify-interval", "300ms");
    }

    /** Stock reserved and payment taken, then no confirmation: the order's saga is stuck; answers its id. */
    private long stuckAtConfirmation(ApiClient api, String orderId) {
        Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(producer, List.of(saga.events.orderCreated(orderId, start),
                saga.events.stockReserved(orderId, start.plusSeconds(1)),
                saga.events.paymentCompleted(orderId, start.plusSeconds(2))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/sagas?correlationKey=" + orderId + "&status=STUCK").path("items").size() == 1);
        return api.getJson("/api/sagas?correlationKey=" + orderId).path("items").get(0).path("id").asLong();
    }

    /** Makes the order's saga stuck and confirms its compensation; answers the action's id. */
    private long compensateStuckSaga(ApiClient api, String orderId) {
        long sagaId = stuckAtConfirmation(api, orderId);
        HttpResponse<String> confirmed = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"COMPENSATE\",\"reason\":\"outage test\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
        return ApiClient.JSON.readTree(confirmed.body()).path("id").asLong();
    }

    /** How the test's payment service answers a command, given as JSON. */
    private interface CommandAnswer {
        void answer(HttpExchange exchange, JsonNode command) throws IOException;
    }

    /** Starts the payment service on loopback, taking commands at /commands; answers that URL. */
    private String paymentService(CommandAnswer answer) throws IOException {
        payment = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        payment.createContext("/commands", exchange ->
                answer.answer(exchange, ApiClient.JSON.readTree(exchange.getRequestBody().readAllBytes())));
        payment.start();
        return "http://127.0.0.1:" + payment.getAddress().getPort() + "/commands";
    }

    @AfterEach
    void stopPaymentService() {
        if (payment != null) {
            payment.stop(0);
        }
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
