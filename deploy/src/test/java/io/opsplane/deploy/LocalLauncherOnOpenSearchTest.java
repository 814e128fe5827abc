package io.opsplane.deploy;

import static io.opsplane.deploy.LauncherTestSupport.asAdmin;
import static io.opsplane.deploy.LauncherTestSupport.assertNothingLeftRunning;
import static io.opsplane.deploy.LauncherTestSupport.freePort;
import static io.opsplane.deploy.LauncherTestSupport.send;
import static io.opsplane.deploy.LauncherTestSupport.stateFolder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private Path state;
    private LocalLauncher launcher;
    private LocalLauncher.Endpoints endpoints;
    private List<Long> children;

    @BeforeAll
    void start() throws IOException {
        state = stateFolder("opsplane-launcher-os");
        int port = freePort();
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
        assertNothingLeftRunning(all, state);
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
        return send(asAdmin(endpoints, endpoints.consoleUrl() + path).build()).body();
    }
}
