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
        // Jaeger's mappings, and for spans one more field: what a span could not have indexed, in the source only
        ObjectNode mappings = (ObjectNode) actual.path("template").path("mappings").deepCopy();
        if (mappings.path("properties").has("notIndexed")) {
            assertThat(mappings.path("properties").path("notIndexed").path("enabled").asBoolean(true)).isFalse();
            ((ObjectNode) mappings.get("properties")).remove("notIndexed");
        }
        assertThat(mappings).isEqualTo(expected.path("template").path("mappings"));
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
        assertThat(read(JaegerVectors.json("es-documents/es_01.json"), "@"))
                .isEqualTo(JaegerVectors.domainSpan(JaegerVectors.json("es-documents/domain_01.json")));
        // an older Jaeger's document: every value a string, no startTimeMillis
        assertThat(read(JaegerVectors.json("ui-json/es_01.json"), "@"))
                .isEqualTo(JaegerVectors.domainSpan(JaegerVectors.json("ui-json/domain_es_01.json")));
    }

    @Test
    void aStoredDocumentWithValuesOfTheWrongKindIsReadNotRefused() {
        // stored documents are untrusted: another writer may have put anything in any field
        JsonNode doc = JaegerVectors.JSON.readTree("""
                {"traceID": {"a": 1}, "spanID": "0000000000000002", "startTime": "soon", "duration": true,
                 "flags": [1], "operationName": null,
                 "references": {"first": {"refType": "FOLLOWS_FROM", "traceID": "01", "spanID": "03", "flags": "x"}},
                 "tags": [{"key": "n", "type": "int64", "value": {"big": 1}},
                          {"key": "b", "type": "bool", "value": "true"},
                          {"key": "i", "type": "int64", "value": 123456789012345678901234567890},
                          "junk"],
                 "tag": "not an object", "logs": [{"timestamp": "later", "fields": "none"}], "process": "svc"}
                """);
        TraceSpan span = read(doc, "@");
        assertThat(span).isEqualTo(new TraceSpan("", "0000000000000002", null, 0, "",
                java.util.List.of(new TraceSpan.Ref("FOLLOWS_FROM", "01", "03", null, 0, java.util.List.of())), 0, 0,
                java.util.List.of(TraceSpan.Tag.string("n", "{\"big\":1}"),
                        new TraceSpan.Tag("b", TraceSpan.TagType.BOOL, true),
                        TraceSpan.Tag.string("i", "123456789012345678901234567890"), TraceSpan.Tag.string("", "")),
                java.util.List.of(new TraceSpan.Log(0, java.util.List.of())),
                new TraceSpan.Process("", java.util.List.of()), java.util.List.of()));
    }

    @Test
    void tagsStoredAsObjectFieldsAreReadWithTheirDots() {
        ObjectNode doc = (ObjectNode) JaegerVectors.json("es-documents/es_01.json");
        doc.putObject("tag").put("http@status_code", 500);
        TraceSpan span = read(doc, "@");
        assertThat(span.tags().getLast()).isEqualTo(new TraceSpan.Tag("http.status_code", TraceSpan.TagType.INT64,
                500L));
    }

    @Test
    void tagKeysAsFieldsAreTheBuiltInOnesAndThoseConfigured(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("tags-as-fields.txt");
        java.nio.file.Files.writeString(file, "# ours\ntenant.id\n\n  shard  \n");
        var source = new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of(
                "opsplane.telemetry.traces.tags-as-fields-keys", "customer.tier, region",
                "opsplane.telemetry.traces.tags-as-fields-file", file.toString()));
        var properties = new org.springframework.boot.context.properties.bind.Binder(source)
                .bindOrCreate("opsplane.telemetry", io.opsplane.console.telemetry.TelemetryProperties.class);
        TraceSettings settings = new TraceSettings(properties);
        assertThat(settings.tagsAsFieldsKeys).contains("http.route", "span.kind", "error", "customer.tier", "region",
                "tenant.id", "shard").doesNotContain("# ours", "");
        assertThat(settings.tagsAsFieldsKeys).hasSize(TraceSettings.DEFAULT_TAGS_AS_FIELDS.size() + 4);

        // only allowed keys become fields; the rest, and binary values, stay nested
        TraceSpan span = new TraceSpan("0000000000000001", "0000000000000002", null, 0, "op", java.util.List.of(), 1, 1,
                java.util.List.of(TraceSpan.Tag.string("http.route", "/a"), TraceSpan.Tag.string("made.up", "x"),
                        new TraceSpan.Tag("region", TraceSpan.TagType.BINARY, "00ff")),
                java.util.List.of(), new TraceSpan.Process("svc", java.util.List.of(TraceSpan.Tag.string("region", "eu"))),
                java.util.List.of());
        ObjectNode doc = SpanDocuments.write(span, "@", settings.tagsAsFieldsKeys);
        assertThat(doc.path("tag").path("http@route").asString()).isEqualTo("/a");
        assertThat(doc.path("tags").valueStream().map(t -> t.path("key").asString())).containsExactly("made.up",
                "region");
        assertThat(doc.path("process").path("tag").path("region").asString()).isEqualTo("eu");
        assertThat(read(doc, "@").tags()).containsExactlyInAnyOrderElementsOf(span.tags());
        // the template has room for every allowed key
        JsonNode template = JaegerVectors.JSON.readTree(new JaegerTemplates().jaegerSpanTemplate(settings).body());
        assertThat(template.path("template").path("settings").path("index.mapping.total_fields.limit").asInt())
                .isEqualTo(1000);
    }

    @Test
    void aFieldGivenTwiceIsWrittenOnceAtItsFirstPlaceWithItsLastValue() {
        // "a.b" and "a@b" are both allowed and meet as the field "a@b"; "http.route" comes twice; Elasticsearch
        // refuses a document that names a field twice
        java.util.Set<String> keys = new java.util.HashSet<>(java.util.List.of("a.b", "a@b", "http.route", "region"));
        java.util.List<TraceSpan.Tag> few = java.util.List.of(TraceSpan.Tag.string("a.b", "first"),
                TraceSpan.Tag.string("http.route", "/a"), TraceSpan.Tag.string("region", "eu"),
                TraceSpan.Tag.string("a@b", "second"), TraceSpan.Tag.string("http.route", "/b"));
        java.util.List<TraceSpan.Tag> many = new java.util.ArrayList<>(few);
        for (int i = 0; i < 30; i++) {
            keys.add("k." + i);
            many.add(TraceSpan.Tag.string("k." + i, "v" + i));
        }
        many.add(TraceSpan.Tag.string("k.3", "again"));
        for (java.util.List<TraceSpan.Tag> tags : java.util.List.of(few, many)) {
            TraceSpan span = new TraceSpan("0000000000000001", "0000000000000002", null, 0, "op", java.util.List.of(),
                    1, 1, tags, java.util.List.of(), new TraceSpan.Process("svc", tags), java.util.List.of());
            String json = new String(SpanDocuments.json(span, SpanDocuments.TagFields.of("@", keys)).json(),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String field : new String[] {"tag", "process"}) {
                JsonNode fields = field.equals("tag") ? JaegerVectors.JSON.readTree(json).path("tag")
                        : JaegerVectors.JSON.readTree(json).path("process").path("tag");
                assertThat(fields.propertyNames()).as("%s fields of %d tags", field, tags.size()).startsWith("a@b",
                        "http@route", "region").doesNotHaveDuplicates().hasSize(tags == few ? 3 : 33);
                assertThat(fields.path("a@b").asString()).isEqualTo("second");
                assertThat(fields.path("http@route").asString()).isEqualTo("/b");
                if (tags == many) {
                    assertThat(fields.path("k@3").asString()).isEqualTo("again");
                }
            }
            // twice in the document's bytes would be a document Elasticsearch refuses
            assertThat(json.split("\"a@b\"", -1)).hasSize(3);
        }
    }

    @Test
    void spansOfABatchShareTheirProcessAndReadBackWhole() {
        SpanDocuments.TagFields fields = SpanDocuments.TagFields.of("@", java.util.Set.of("host.name"));
        // nested tags read back before those written as fields
        TraceSpan.Process process = new TraceSpan.Process("svc", java.util.List.of(
                TraceSpan.Tag.string("telemetry.sdk.language", "java"), TraceSpan.Tag.string("host.name", "h1")));
        SpanDocuments.Batch batch = new SpanDocuments.Batch(fields);
        for (int i = 1; i <= 3; i++) {
            TraceSpan span = new TraceSpan("0000000000000001", "000000000000000" + i, null, 0, "op" + i,
                    java.util.List.of(), i, i, java.util.List.of(TraceSpan.Tag.string("n", "v" + i)), java.util.List.of(),
                    process, java.util.List.of());
            byte[] inBatch = batch.json(span).json();
            assertThat(inBatch).isEqualTo(SpanDocuments.json(span, fields).json());
            JsonNode doc = JaegerVectors.JSON.readTree(inBatch);
            assertThat(doc.path("process").path("tag").path("host@name").asString()).isEqualTo("h1");
            assertThat(doc.path("operationName").asString()).isEqualTo("op" + i);
            assertThat(read(doc, "@")).isEqualTo(span);
        }
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

    /** The document as a search answer holds it: bytes, read as they are parsed. */
    private static TraceSpan read(JsonNode doc, String dotReplacement) {
        try (tools.jackson.core.JsonParser parser = SpanDocuments.JSON.createParser(
                SpanDocuments.JSON.writeValueAsBytes(doc))) {
            parser.nextToken();
            return SpanDocumentReader.read(parser, dotReplacement);
        }
    }
}
