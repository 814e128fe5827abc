package io.opsplane.console.telemetry.es;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What OpenSearch is sent instead of an Elasticsearch template (that it accepts them: the OnOpenSearch tests). */
class OpenSearchTemplatesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void elasticsearchOnlyTypesAndSettingsBecomeWhatOpenSearchHas() {
        JsonNode rewritten = JSON.readTree(OpenSearchTemplates.rewrite("""
                {"index_patterns":["x-*"],"data_stream":{},"priority":200,"template":{
                 "settings":{"index.mapping.total_fields.ignore_dynamic_beyond_limit":true,"index.mode":"logsdb",
                             "index.mapping.total_fields.limit":10000},
                 "mappings":{"subobjects":false,"dynamic_templates":[
                   {"complex":{"path_match":["a.*","b.*"],"match_mapping_type":"object","mapping":{"type":"flattened"}}},
                   {"strings":{"path_match":["a.*","b.*"],"match_mapping_type":"string",
                               "mapping":{"type":"match_only_text"}}}],
                  "properties":{"attributes":{"type":"passthrough","dynamic":true,"priority":20},
                   "body":{"properties":{"structured":{"type":"flattened","ignore_above":100},
                                         "kind":{"type":"constant_keyword","value":"log"},
                                         "path":{"type":"wildcard"}}}}}}}"""));

        assertThat(rewritten.has("data_stream")).isFalse();
        assertThat(rewritten.path("priority").asInt()).isEqualTo(200);
        JsonNode settings = rewritten.path("template").path("settings");
        assertThat(settings.has("index.mapping.total_fields.ignore_dynamic_beyond_limit")).isFalse();
        assertThat(settings.has("index.mode")).isFalse();
        assertThat(settings.path("index.mapping.total_fields.limit").asInt()).isEqualTo(10000);

        JsonNode mappings = rewritten.path("template").path("mappings");
        assertThat(mappings.has("subobjects")).isFalse();
        // flattened dynamic templates go (OpenSearch cannot map dotted keys into a flat_object); the others
        // become one per path
        JsonNode dynamic = mappings.path("dynamic_templates");
        assertThat(dynamic).hasSize(2);
        assertThat(dynamic.get(0).path("strings").path("path_match").asString()).isEqualTo("a.*");
        assertThat(dynamic.get(1).path("strings_2").path("path_match").asString()).isEqualTo("b.*");
        assertThat(dynamic.get(0).path("strings").path("mapping").path("type").asString()).isEqualTo("text");

        JsonNode properties = mappings.path("properties");
        assertThat(properties.path("attributes").path("type").asString()).isEqualTo("object");
        assertThat(properties.path("attributes").has("priority")).isFalse();
        JsonNode body = properties.path("body").path("properties");
        assertThat(body.path("structured").path("type").asString()).isEqualTo("flat_object");
        assertThat(body.path("structured").has("ignore_above")).isFalse();
        assertThat(body.path("kind").path("type").asString()).isEqualTo("keyword");
        assertThat(body.path("kind").has("value")).isFalse();
        assertThat(body.path("path").path("type").asString()).isEqualTo("keyword");
    }
}
