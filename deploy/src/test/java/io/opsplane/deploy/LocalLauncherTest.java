package io.opsplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
 * the demo shop with the OpenTelemetry agent, then a clean stop. Started once for all checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalLauncherTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Path state;
    private LocalLauncher launcher;
    private LocalLauncher.Endpoints endpoints;
    private List<Long> children;

    @BeforeAll
    void start() throws IOException {
        // readable by all: as root, Elasticsearch runs as nobody and must reach its folder inside
        state = Files.createTempDirectory("opsplane-launcher",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        launcher = new LocalLauncher(Options.parse(new String[] {
                "--port", String.valueOf(port), "--state-dir", state.toString(), "--demo-rate", "2"}));
        try {
            endpoints = launcher.start();
        } finally {
            children = launcher.childPids();
        }
    }

    @AfterAll
    void stopAndLeaveNothingRunning() throws IOException {
        launcher.stop();
        // Kafka, Elasticsearch, the console and the demo's three services
        assertThat(children).hasSize(6).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid).isFalse());
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    @Order(1)
    void tracksAHandFedSaga() throws Exception {
        assertThat(get(endpoints.consoleUrl() + "/actuator/health")).contains("\"UP\"");
        // the generated admin is kept for the next run, and nothing but health answers without it
        assertThat(state.resolve("admin-password")).content().isEqualToIgnoringNewLines(endpoints.admin().password());
        assertThat(send(HttpRequest.newBuilder(URI.create(endpoints.consoleUrl() + "/api/sagas")).build()).statusCode())
                .isEqualTo(401);
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
        assertThat(endpoints.demo()).containsOnlyKeys("order", "inventory", "payment");
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
    }

    @Test
    @Order(3)
    void withPaymentTimeoutOnASagaGetsStuckAtChargePayment() throws Exception {
        String payment = endpoints.demo().get("payment");
        assertThat(send(HttpRequest.newBuilder(URI.create(payment + "/faults/payment-timeout"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);
        try {
            // charge-payment's timeout is 45 s, then the stuck scan (every 5 s) marks it
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(get(endpoints.consoleUrl() + "/api/sagas?type=order-placement&status=STUCK"))
                            .contains("\"stuckReason\":\"STEP_TIMEOUT\"", "\"currentStep\":\"charge-payment\"",
                                    "\"responsibleService\":\"payment\""));
        } finally {
            send(HttpRequest.newBuilder(URI.create(payment + "/faults/payment-timeout")).DELETE().build());
        }
    }

    /** GET as the launcher's admin (the demo's services ignore the header). */
    private String get(String url) throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString((endpoints.admin().name() + ":"
                + endpoints.admin().password()).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", admin).build()).body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
