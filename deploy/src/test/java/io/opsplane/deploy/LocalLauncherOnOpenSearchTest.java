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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ./run --backend opensearch}: the same demo, with OpenSearch 2.19 where traces and logs go. Its sagas
 * complete, and their traces, logs and service map are read back from OpenSearch through the console's APIs.
 * The Elasticsearch launcher's other stories (faults, restarts) are {@link LocalLauncherTest}'s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalLauncherOnOpenSearchTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Path state;
    private LocalLauncher launcher;
    private LocalLauncher.Endpoints endpoints;
    private List<Long> children;

    @BeforeAll
    void start() throws IOException {
        // readable by all: as root, OpenSearch runs as nobody and must reach its folder inside
        state = Files.createTempDirectory("opsplane-launcher-os",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        launcher = new LocalLauncher(Options.parse(new String[] {
                "--port", String.valueOf(port), "--state-dir", state.toString(), "--demo-rate", "2",
                "--backend", "opensearch"}));
        try {
            endpoints = launcher.start();
        } finally {
            children = launcher.childPids();
        }
    }

    @AfterAll
    void stopAndLeaveNothingRunning() throws IOException {
        List<Long> all = new ArrayList<>(children);
        all.addAll(launcher.childPids());
        launcher.stop();
        assertThat(all).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid).isFalse());
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void theDemosSagasTracesAndLogsAreReadFromOpenSearch() {
        assertThat(send(HttpRequest.newBuilder(URI.create(endpoints.elasticsearch() + "/")).build()).body())
                .contains("\"distribution\" : \"opensearch\"");
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(get("/api/sagas?type=order-placement&status=COMPLETED"))
                        .contains("\"status\":\"COMPLETED\"", "\"type\":\"order-placement\""));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(get("/api/traces/dependencies"))
                        .contains("\"parent\":\"order-service\",\"child\":\"inventory-service\"")
                        .contains("\"parent\":\"inventory-service\",\"child\":\"payment-service\""));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/jaeger/api/traces?service=order-service&lookback=1h&limit=5"))
                        .contains("\"serviceName\":\"order-service\""));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/api/logs?service=order-service&q=confirmed")).contains("Order o-", "confirmed"));
        assertThat(get("/jaeger/api/v3/services")).contains("\"order-service\"", "\"payment-service\"");
    }

    /** GET from the console as the launcher's admin. */
    private String get(String path) {
        String admin = "Basic " + Base64.getEncoder().encodeToString((endpoints.admin().name() + ":"
                + endpoints.admin().password()).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(endpoints.consoleUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", admin).build()).body();
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
