package io.opsplane.console.telemetry.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/** Elasticsearch away: trace calls answer 503 at once, saga calls as ever. */
class TraceUnavailableTest {

    @Test
    void traceCallsFailFastWhileSagaCallsWork() {
        OrderSaga saga = OrderSaga.create();
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5)))
                .elasticsearchAway().start()) {
            ApiClient api = opsplane.api();
            for (String path : new String[] {"/jaeger/api/services", "/jaeger/api/traces/" + "a".repeat(32),
                    "/jaeger/api/traces?service=s&lookback=1h", "/api/traces/red", "/api/traces/dependencies"}) {
                long began = System.nanoTime();
                HttpResponse<String> response = api.get(path);
                long millis = (System.nanoTime() - began) / 1_000_000;
                assertThat(response.statusCode()).as(path).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(response.body()).contains("Telemetry unavailable");
                assertThat(millis).as(path + " answered in ms").isLessThan(3_000);
            }
            assertThat(api.get("/api/sagas").statusCode()).isEqualTo(200);
            assertThat(api.get("/api/traces/" + "b".repeat(32) + "/saga").statusCode()).isEqualTo(404);
            assertThat(api.get("/api/traces/not-hex/saga").statusCode()).isEqualTo(400);
        }
    }
}
