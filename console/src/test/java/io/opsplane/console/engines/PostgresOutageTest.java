package io.opsplane.console.engines;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops under a running console (a server of the test's own, on its own port and data): health says DOWN
 * and the API answers 503 problems, each within 2 s, and both recover by themselves when it is back.
 */
class PostgresOutageTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void healthAndTheApiAnswerAtOnceWhilePostgresIsAwayAndRecoverWithoutARestart() throws Exception {
        Path data = Files.createTempDirectory("opsplane-pg-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres.Builder server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).setServerConfig("fsync", "off");
        EmbeddedPostgres postgres = server.start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE opsplane");
        }
        String definitions = OrderSaga.create().writeDefinition(Duration.ofMinutes(1));
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(postgres.getJdbcUrl("postgres", "opsplane"), definitions).start()) {
            ApiClient api = opsplane.api();
            String health = opsplane.baseUrl() + "/actuator/health";
            String readiness = health + "/readiness";
            await("ready").atMost(Duration.ofSeconds(60)).until(() -> answer(readiness).statusCode() == 200);

            postgres.close();
            await("health DOWN").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> answer = answer(health);
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(ApiClient.JSON.readTree(answer.body()).path("components").path("postgres").path("status")
                        .asString()).isEqualTo("DOWN");
            });
            for (String url : new String[] {health, readiness}) {
                long asked = System.nanoTime();
                assertThat(answer(url).statusCode()).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as(url).isLessThan(Duration.ofSeconds(2));
            }
            long asked = System.nanoTime();
            HttpResponse<String> sagas = api.get("/api/sagas");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("the API's answer").isLessThan(Duration.ofSeconds(2));
            assertThat(sagas.statusCode()).as(sagas.body()).isEqualTo(503);
            assertThat(sagas.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = ApiClient.JSON.readTree(sagas.body());
            assertThat(problem.path("title").asString()).isEqualTo("Database unavailable");
            // what Prometheus scrapes says the same
            assertThat(api.get("/actuator/prometheus").body()).contains("opsplane_engine_up{engine=\"postgres\"} 0.0",
                    "opsplane_engine_up{engine=\"kafka\"} 1.0");

            postgres = server.start();
            await("ready again").atMost(Duration.ofSeconds(30)).until(() -> answer(readiness).statusCode() == 200);
            assertThat(api.get("/api/sagas").statusCode()).isEqualTo(200);
            assertThat(api.get("/actuator/prometheus").body()).contains("opsplane_engine_up{engine=\"postgres\"} 1.0");
        } finally {
            postgres.close();
        }
    }

    private HttpResponse<String> answer(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
