package io.opsplane.console.telemetry.trace.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.Map;

import io.opsplane.console.telemetry.es.IndexTemplate;
import io.opsplane.console.telemetry.trace.jaeger.GoDurations;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Jaeger's stored forms, without Elasticsearch: templates as Jaeger renders them, documents as Jaeger reads them. */
class JaegerDocumentsTest {

    private static final TraceSettings TEST_PREFIX = new TraceSettings("test", 1, 0, java.time.Duration.ofHours(72),
            "@", 1000, false);

    @Test
    void templatesMatchJaegersFieldForField() {
        assertSameTemplate(new JaegerTemplates().jaegerSpanTemplate(TEST_PREFIX), "es-templates/span.es8-9.json");
        assertSameTemplate(new JaegerTemplates().jaegerServiceTemplate(TEST_PREFIX),
                "es-templates/service.es8-9.json");
        assertSameTemplate(new JaegerTemplates().jaegerDependenciesTemplate(TEST_PREFIX),
                "es-templates/dependencies.es8-9.json");
    }

    private static void assertSameTemplate(IndexTemplate ours, String vector) {
        JsonNode jaeger = JaegerVectors.json(vector);
        assertThat("/_index_template/" + ours.name()).isEqualTo(jaeger.path("path").asString());
        JsonNode expected = jaeger.path("body");
        JsonNode actual = JaegerVectors.JSON.readTree(ours.body());
        assertThat(actual.path("index_patterns")).isEqualTo(expected.path("index_patterns"));
        assertThat(actual.path("priority")).isEqualTo(expected.path("priority"));
        assertThat(actual.path("template").path("aliases")).isEqualTo(expected.path("template").path("aliases"));
        assertThat(actual.path("template").path("mappings")).isEqualTo(expected.path("template").path("mappings"));
        JsonNode settings = actual.path("template").path("settings");
        JsonNode jaegerSettings = expected.path("template").path("settings");
        // the same settings but the cluster-dependent ones: shard and replica counts are ours, no ILM policy
        for (Iterator<Map.Entry<String, JsonNode>> it = jaegerSettings.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            if (s.getKey().equals("lifecycle") || s.getKey().contains("number_of_")) {
                continue;
            }
            assertThat(settings.path(s.getKey())).as(s.getKey()).isEqualTo(s.getValue());
        }
        assertThat(settings.path("index.number_of_shards").asInt()).isEqualTo(1);
        assertThat(settings.path("index.number_of_replicas").asInt()).isZero();
        assertThat(settings.has("lifecycle")).isFalse();
    }

    @Test
    void jaegerDocumentsReadAsTheirDomainSpans() {
        assertThat(SpanDocuments.read(JaegerVectors.json("es-documents/es_01.json"), "@"))
                .isEqualTo(JaegerVectors.domainSpan(JaegerVectors.json("es-documents/domain_01.json")));
        // an older Jaeger's document: every value a string, no startTimeMillis
        assertThat(SpanDocuments.read(JaegerVectors.json("ui-json/es_01.json"), "@"))
                .isEqualTo(JaegerVectors.domainSpan(JaegerVectors.json("ui-json/domain_es_01.json")));
    }

    @Test
    void tagsStoredAsObjectFieldsAreReadWithTheirDots() {
        ObjectNode doc = (ObjectNode) JaegerVectors.json("es-documents/es_01.json");
        doc.putObject("tag").put("http@status_code", 500);
        TraceSpan span = SpanDocuments.read(doc, "@");
        assertThat(span.tags().getLast()).isEqualTo(new TraceSpan.Tag("http.status_code", TraceSpan.TagType.INT64,
                500L));
    }

    @Test
    void goDurationsAsJaegerUiWritesThem() {
        assertThat(GoDurations.micros("1.2ms", "d")).isEqualTo(1200);
        assertThat(GoDurations.micros("2s", "d")).isEqualTo(2_000_000);
        assertThat(GoDurations.micros("1h30m", "d")).isEqualTo(5_400_000_000L);
        assertThat(GoDurations.micros("4500ns", "d")).isEqualTo(4);
        assertThat(GoDurations.micros("500us", "d")).isEqualTo(500);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GoDurations.micros("12", "minDuration"))
                .hasMessageContaining("minDuration");
    }

    @Test
    void serviceOperationIdsAreJaegers() {
        // FNV-1a 64 of the empty input is the offset basis; of "a" a published test value
        assertThat(JaegerSpanWriter.serviceOperationId("", "")).isEqualTo("cbf29ce484222325");
        assertThat(JaegerSpanWriter.serviceOperationId("a", "")).isEqualTo("af63dc4c8601ec8c");
    }
}
