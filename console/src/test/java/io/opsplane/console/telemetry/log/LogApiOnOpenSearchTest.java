package io.opsplane.console.telemetry.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.opsplane.console.testing.OnOpenSearch;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link LogApiTest}'s tests with OpenSearch 2.19 holding the logs, and what only OpenSearch has. */
@OnOpenSearch
class LogApiOnOpenSearchTest extends LogApiTest {

    /**
     * The Collector's {@code opensearch} exporter writes OpenSearch's Simple Schema for Observability into
     * {@code ss4o_logs-<dataset>-<namespace>}, under its own template (exporter/opensearchexporter in
     * opentelemetry-collector-contrib: internal/templates/ss4o-logs.json; the document is its ssoLog as Go's
     * encoding/json writes it, the dataset and namespace among the attributes).
     */
    @Test
    void theOpenSearchExportersDocumentsAreReadInSs4oMode() {
        String index = "ss4o_logs-" + prefix + "-namespace";
        engine.send("PUT", "/_index_template/" + prefix + "-ss4o-logs", """
                {"index_patterns":["ss4o_logs-%s-*"],"template":{"mappings":{"properties":{
                  "attributes":{"type":"flat_object"},"resource":{"type":"flat_object"},
                  "instrumentationScope":{"properties":{"attributes":{"type":"flat_object"}}}}}}}""".formatted(prefix));
        engine.send("POST", "/" + index + "/_doc?refresh=true", """
                {"attributes":{"user.id":"user-123","data_stream":{"dataset":"%s","namespace":"namespace","type":"record"}},\
                "body":"User authentication failed",\
                "instrumentationScope":{"name":"io.opentelemetry.example","version":"1.0.0"},\
                "observedTimestamp":"2024-03-12T20:00:41.2Z",\
                "resource":{"host.name":"my-host","service.name":"my-service"},\
                "severity":{"text":"ERROR","number":17},\
                "spanId":"0102030405060708",\
                "@timestamp":"2024-03-12T20:00:41.123456789Z",\
                "traceId":"0102030405060708090a0b0c0d0e0f10"}""".formatted(prefix));
        engine.send("POST", "/" + index + "/_doc?refresh=true", """
                {"body":"Signed in","instrumentationScope":{"name":"io.opentelemetry.example"},\
                "resource":{"service.name":"other-service"},"severity":{"text":"INFO","number":9},\
                "@timestamp":"2024-03-12T20:00:42Z"}""");
        try (OpsplaneInstance ss4o = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5))).searchEngine(engine, prefix)
                .property("opsplane.telemetry.logs.mapping-mode", "ss4o")
                .property("opsplane.telemetry.logs.index-pattern", "ss4o_logs-" + prefix + "-*").start()) {
            JsonNode page = ss4o.api().getJson("/api/logs?service=my-service&severity=error&minSeverity=17"
                    + "&traceId=0102030405060708090a0b0c0d0e0f10&spanId=0102030405060708&q=authentication"
                    + "&to=2024-12-31T00:00:00Z");
            assertThat(page.path("items")).hasSize(1);
            JsonNode entry = page.path("items").get(0);
            LogApiTest.assertIsTheSampleRecord(entry);
            assertThat(entry.path("observedTimestamp").asString()).isEqualTo("2024-03-12T20:00:41.200Z");
            assertThat(entry.path("attributes").has("data_stream")).isFalse();
            assertThat(entry.path("resource").path("host.name").asString()).isEqualTo("my-host");
            assertThat(entry.path("scope").path("name").asString()).isEqualTo("io.opentelemetry.example");

            JsonNode all = ss4o.api().getJson("/api/logs?to=2024-12-31T00:00:00Z&limit=1");
            assertThat(all.path("items").get(0).path("body").asString()).isEqualTo("Signed in");
            JsonNode next = ss4o.api().getJson("/api/logs?to=2024-12-31T00:00:00Z&limit=1&after="
                    + all.path("next").asString());
            assertThat(next.path("items").get(0).path("body").asString()).isEqualTo("User authentication failed");

            JsonNode histogram = ss4o.api().getJson("/api/logs/histogram?from=2024-03-12T20:00:00Z"
                    + "&to=2024-03-12T20:05:00Z&interval=1m");
            JsonNode first = histogram.path("buckets").get(0).path("byLevel");
            assertThat(first.path("ERROR").asLong()).isEqualTo(1);
            assertThat(first.path("INFO").asLong()).isEqualTo(1);
        }
    }
}
