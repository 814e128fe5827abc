package io.opsplane.console.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The REST API over real state: what a script or the console would get back. */
class SagaApiTest {

    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static OrderSaga saga;

    @BeforeAll
    static void start() {
        saga = OrderSaga.create();
        OrderEvents events = new OrderEvents(saga);
        // the customer's e-mail is a search key: found by the any-key search, not shown as a business key
        String definition = saga.definition(Duration.ofSeconds(1))
                .replace("deadline: 1h", "searchKeys:\n  email: /customer/email\ndeadline: 1h");
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabaseWithRoles(), write(definition)).start();
        api = opsplane.api();
        Instant start = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, events.completedStuckAndPoison("api", 5, 3, start));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/sagas?status=STUCK").path("items").size() == 3
                && get("/api/sagas?status=COMPLETED").path("items").size() == 5);
    }

    private static String write(String definition) {
        try {
            Path dir = Files.createTempDirectory("sagas");
            Files.writeString(dir.resolve("order-placement.yml"), definition);
            return "file:" + dir + "/*.yml";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    @Test
    void listsFilterByStatusReasonBusinessKeyAndTraceId() {
        JsonNode stuck = get("/api/sagas?type=order-placement&status=STUCK&stuckReason=STEP_TIMEOUT");
        // stuck sagas come stuck longest first unless another order is asked for
        assertThat(names(stuck)).containsExactly("api-stuck-0", "api-stuck-1", "api-stuck-2");
        assertThat(names(get("/api/sagas?status=STUCK&sort=newest"))).containsExactly("api-stuck-2", "api-stuck-1",
                "api-stuck-0");
        JsonNode first = stuck.path("items").get(0);
        assertThat(first.path("currentStep").asString()).isEqualTo("charge-payment");
        assertThat(first.path("nextEvent").asString()).isEqualTo("PaymentCompleted");
        assertThat(first.path("responsibleService").asString()).isEqualTo("payment");

        assertThat(names(get("/api/sagas?businessKey=" + encode("memberId=m-api-done-3")))).containsExactly("api-done-3");
        assertThat(names(get("/api/sagas?businessKey=" + encode("paymentId=m-api-done-3")))).isEmpty();
        assertThat(names(get("/api/sagas?q=" + OrderEvents.traceIdOf("api-done-4")))).containsExactly("api-done-4");
        assertThat(names(get("/api/sagas?q=p-api-done-1"))).containsExactly("api-done-1");
        assertThat(names(get("/api/sagas?correlationKey=api-done-0"))).containsExactly("api-done-0");
        assertThat(names(get("/api/sagas?q=" + encode("api-done-2@example.com")))).containsExactly("api-done-2");
        assertThat(get("/api/sagas?q=api-done-2").path("items").get(0).path("businessKeys").has("email")).isFalse();
        assertThat(names(get("/api/sagas?status=STUCK&stuckLongerThan=PT1H"))).isEmpty();
        assertThat(names(get("/api/sagas?status=STUCK&stuckLongerThan=PT0S"))).hasSize(3);
    }

    @Test
    void pagesWalkEverySagaOnceNewestFirst() {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = get("/api/sagas?limit=3" + (next == null ? "" : "&after=" + next));
            for (String name : names(page)) {
                assertThat(seen.add(name)).as("seen once: " + name).isTrue();
                order.add(name);
            }
            next = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asString();
        } while (next != null);
        assertThat(order).hasSize(8).startsWith("api-stuck-2").endsWith("api-done-0");
    }

    @Test
    void pagesWalkEverySagaOnceInEachOrder() {
        assertThat(walk("oldest")).hasSize(8).startsWith("api-done-0").endsWith("api-stuck-2");
        // by last progress: the first completed saga was confirmed before any of the others moved
        assertThat(walk("waiting")).hasSize(8).startsWith("api-done-0").endsWith("api-stuck-2");
        assertThat(walk("progress")).hasSize(8).startsWith("api-stuck-2").endsWith("api-done-0");
        // sagas that are not stuck come after the stuck ones
        assertThat(walk("stuck")).hasSize(8).startsWith("api-stuck-0", "api-stuck-1", "api-stuck-2");

        String oldestCursor = get("/api/sagas?limit=2&sort=oldest").path("next").asString();
        HttpResponse<String> wrongOrder = send("/api/sagas?limit=2&sort=newest&after=" + oldestCursor);
        assertThat(wrongOrder.statusCode()).isEqualTo(400);
        assertThat(ApiClient.JSON.readTree(wrongOrder.body()).path("detail").asString())
                .isEqualTo("this page cursor is for the order 'oldest', not 'newest'");
        assertThat(send("/api/sagas?sort=sideways").statusCode()).isEqualTo(400);
    }

    private static List<String> walk(String sort) {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = get("/api/sagas?limit=3&sort=" + sort + (next == null ? "" : "&after=" + next));
            for (String name : names(page)) {
                assertThat(seen.add(name)).as(sort + ": seen once: " + name).isTrue();
                order.add(name);
            }
            next = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asString();
        } while (next != null);
        return order;
    }

    @Test
    void oneSagaShowsItsTimelineAndEvents() {
        long id = get("/api/sagas?correlationKey=api-stuck-1").path("items").get(0).path("id").asLong();
        JsonNode detail = get("/api/sagas/" + id);

        assertThat(detail.path("saga").path("status").asString()).isEqualTo("STUCK");
        assertThat(detail.path("steps").valueStream().map(s -> s.path("name").asString() + ":" + s.path("state").asString()))
                .containsExactly("reserve-stock:DONE", "charge-payment:WAITING", "confirm-order:NOT_REACHED");
        assertThat(detail.path("events").valueStream().map(e -> e.path("name").asString()))
                .containsExactly("OrderCreated", "StockReserved");
        JsonNode created = detail.path("events").get(0);
        assertThat(created.path("payload").path("memberId").asString()).isEqualTo("m-api-stuck-1");
        assertThat(created.path("traceId").asString()).isEqualTo(OrderEvents.traceIdOf("api-stuck-1"));
        assertThat(created.path("topic").asString()).isEqualTo(saga.orders);
    }

    @Test
    void countsGroupByTypeStatusReasonServiceAndStep() {
        JsonNode counts = get("/api/sagas/counts");
        assertThat(counts.path("byTypeAndStatus").valueStream()
                .map(c -> c.path("type").asString() + "/" + c.path("status").asString() + "=" + c.path("count").asLong()))
                .containsExactlyInAnyOrder("order-placement/COMPLETED=5", "order-placement/STUCK=3");
        assertThat(counts.path("stuckByReason").get(0).path("value").asString()).isEqualTo("STEP_TIMEOUT");
        assertThat(counts.path("stuckByService").get(0).path("value").asString()).isEqualTo("payment");
        assertThat(counts.path("stuckByStep").valueStream()
                .map(c -> c.path("type").asString() + "/" + c.path("step").asString() + "=" + c.path("count").asLong()))
                .containsExactly("order-placement/charge-payment=3");
    }

    @Test
    void deadLettersKeepTheRecordAndItsReason() {
        JsonNode letter = get("/api/dead-letters").path("items").get(0);
        assertThat(letter.path("valueText").asString()).isEqualTo("not json at all");
        assertThat(letter.path("reason").asString()).startsWith("the record value is not valid JSON");
        assertThat(letter.path("topic").asString()).isEqualTo(saga.payments);
    }

    @Test
    void badRequestsGetProblemDetails() {
        HttpResponse<String> unknownSaga = send("/api/sagas/999999");
        assertThat(unknownSaga.statusCode()).isEqualTo(404);
        assertThat(unknownSaga.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(ApiClient.JSON.readTree(unknownSaga.body()).path("detail").asString()).isEqualTo("no saga with id 999999");

        HttpResponse<String> badStatus = send("/api/sagas?status=BROKEN");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(ApiClient.JSON.readTree(badStatus.body()).path("detail").asString()).isEqualTo(
                "parameter 'status' cannot be 'BROKEN'; expected one of "
                        + "[RUNNING, STUCK, FAILED, COMPENSATING, COMPENSATED, COMPLETED, RESOLVED]");

        assertThat(ApiClient.JSON.readTree(send("/api/sagas?after=garbage").body()).path("detail").asString())
                .isEqualTo("'garbage' is not a page cursor from this API");
        assertThat(ApiClient.JSON.readTree(send("/api/sagas?businessKey=orderId").body()).path("detail").asString())
                .startsWith("businessKey must be name=value");
        assertThat(send("/api/sagas?limit=0").statusCode()).isEqualTo(400);
        assertThat(send("/api/sagas?startedFrom=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        JsonNode spec = get("/v3/api-docs");
        assertThat(spec.path("paths").propertyNames())
                .contains("/api/sagas", "/api/sagas/{id}", "/api/sagas/counts", "/api/dead-letters", "/api/unmatched-events");
    }

    private static List<String> names(JsonNode page) {
        return page.path("items").valueStream().map(i -> i.path("correlationKey").asString()).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode get(String path) {
        return api.getJson(path);
    }

    private static HttpResponse<String> send(String path) {
        return api.get(path);
    }
}
