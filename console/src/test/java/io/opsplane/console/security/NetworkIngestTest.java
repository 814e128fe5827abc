package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.RunningOpsplane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sender on a network named in {@code opsplane.security.ingest-networks} (here the loopback, as the launcher's
 * legacy shop) posts telemetry without a key, because a Zipkin reporter cannot send one; it gets INGEST and nothing
 * more, and a wrong key is refused as before.
 */
class NetworkIngestTest {

    private static final byte[] NO_SPANS = "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final RunningOpsplane opsplane = new RunningOpsplane(() -> OpsplaneInstance.withOrderSaga().elasticsearch()
            .property("opsplane.security.ingest-networks", "127.0.0.1/32,::1/128"));

    @Test
    void aSenderOnAnIngestNetworkPostsTelemetryWithoutAKey() {
        HttpResponse<byte[]> traces = opsplane.api().anonymous().post("/v1/traces", "application/json", NO_SPANS,
                Map.of());
        assertThat(traces.statusCode()).as(new String(traces.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }

    @Test
    void itReadsNothingAndAWrongKeyIsStillRefused() {
        assertThat(opsplane.api().anonymous().get("/api/sagas").statusCode()).isEqualTo(401);
        assertThat(opsplane.api().anonymous().get("/jaeger/api/services").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> command = opsplane.api().anonymous().post("/api/sagas/1/actions", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(command.statusCode()).isEqualTo(401);
        HttpResponse<byte[]> wrongKey = opsplane.api().withKey("not-a-key").post("/v1/traces", "application/json",
                NO_SPANS, Map.of());
        assertThat(wrongKey.statusCode()).isEqualTo(401);
    }
}
