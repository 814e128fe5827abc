package io.opsplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ./run does, for real: PostgreSQL, a Kafka broker, Elasticsearch and the packaged console, then a clean stop. */
class LocalLauncherTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsEverythingTracksASagaAndLeavesNothingRunning(@TempDir Path state) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LocalLauncher launcher = new LocalLauncher(Options.parse(new String[] {
                "--port", String.valueOf(port), "--state-dir", state.toString()}));
        List<Long> children;
        try {
            LocalLauncher.Endpoints endpoints = launcher.start();
            children = launcher.childPids();
            assertThat(get(endpoints.consoleUrl() + "/actuator/health", null).body()).contains("\"UP\"");
            // the generated admin is kept for the next run, and nothing but health answers without it
            assertThat(state.resolve("admin-password")).content().isEqualToIgnoringNewLines(endpoints.admin().password());
            assertThat(get(endpoints.consoleUrl() + "/api/sagas", null).statusCode()).isEqualTo(401);
            String admin = basic(endpoints.admin());

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka()),
                    new StringSerializer(), new StringSerializer())) {
                ProducerRecord<String, String> created = new ProducerRecord<>("orders", "o-launch", """
                        {"specversion":"1.0","id":"launch-1","source":"/order-service","type":"com.shop.order.created",
                         "time":"%s","data":{"orderId":"o-launch","memberId":"m-1"}}""".formatted(Instant.now()));
                created.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
                producer.send(created).get();
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(get(endpoints.consoleUrl() + "/api/sagas?correlationKey=o-launch", admin).body())
                            .contains("\"correlationKey\":\"o-launch\"", "\"status\":\"RUNNING\"",
                                    "\"currentStep\":\"reserve-stock\"", "\"responsibleService\":\"inventory\""));

            // traces go in over OTLP/HTTP and come back from the Jaeger API: the launcher's Elasticsearch is wired up
            long now = System.currentTimeMillis() * 1000;
            String span = """
                    {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"order"}}]},
                     "scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7",
                     "name":"POST /orders","kind":2,"startTimeUnixNano":"%d000","endTimeUnixNano":"%d000"}]}]}]}"""
                    .formatted(now, now + 1500);
            HttpResponse<String> export = http.send(HttpRequest.newBuilder(URI.create(endpoints.consoleUrl() + "/v1/traces"))
                    .header("Authorization", admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(span)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(endpoints.consoleUrl() + "/jaeger/api/traces/4bf92f3577b34da6a3ce929d0e0e4736", admin)
                            .body()).contains("\"operationName\":\"POST /orders\"", "\"serviceName\":\"order\""));
        } finally {
            launcher.stop();
        }
        assertThat(children).hasSize(3).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid).isFalse());
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(AdminUser user) {
        return "Basic " + Base64.getEncoder().encodeToString((user.name() + ":" + user.password())
                .getBytes(StandardCharsets.UTF_8));
    }
}
