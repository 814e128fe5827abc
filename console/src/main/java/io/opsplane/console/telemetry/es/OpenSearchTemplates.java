package io.opsplane.console.telemetry.es;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites an Elasticsearch 8 composable index template into one OpenSearch 2.x/3.x accepts, so features declare
 * their templates once. OpenSearch refuses unknown settings and mapping types, and reads an array
 * {@code path_match} as one string, so:
 * <ul>
 * <li>settings only Elasticsearch has are dropped, as are {@code data_stream}, {@code subobjects} and
 * {@code index.mode};
 * <li>{@code passthrough} objects become plain dynamic objects (their fields keep their full paths, which is
 * how Opsplane queries them anyway); {@code flattened} becomes {@code flat_object}, except in dynamic templates,
 * where OpenSearch cannot map dotted keys into one, so those templates are dropped and such attributes map as
 * objects;
 * <li>{@code match_only_text} becomes {@code text}, {@code wildcard} and {@code constant_keyword} become
 * {@code keyword};
 * <li>a dynamic template with several {@code path_match} patterns becomes one per pattern.
 * </ul>
 */
final class OpenSearchTemplates {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ELASTICSEARCH_ONLY_SETTINGS = Set.of(
            "index.mapping.total_fields.ignore_dynamic_beyond_limit", "index.mode", "index.mapping.source.mode",
            "index.lifecycle.name", "index.lifecycle.rollover_alias");
    private static final Map<String, String> TYPES = Map.of(
            "flattened", "flat_object",
            "passthrough", "object",
            "match_only_text", "text",
            "wildcard", "keyword",
            "constant_keyword", "keyword");

    private OpenSearchTemplates() {
    }

    static String rewrite(String elasticsearchBody) {
        ObjectNode body = (ObjectNode) JSON.readTree(elasticsearchBody);
        body.remove("data_stream");
        JsonNode template = body.path("template");
        if (template instanceof ObjectNode t) {
            if (t.path("settings") instanceof ObjectNode settings) {
                rewriteSettings(settings);
            }
            if (t.path("mappings") instanceof ObjectNode mappings) {
                rewriteDynamicTemplates(mappings);
                rewriteMapping(mappings);
            }
        }
        return JSON.writeValueAsString(body);
    }

    private static void rewriteSettings(ObjectNode settings) {
        ELASTICSEARCH_ONLY_SETTINGS.forEach(settings::remove);
        // nested form: {"index": {"mode": ...}}
        if (settings.path("index") instanceof ObjectNode index) {
            index.remove("mode");
        }
    }

    private static void rewriteDynamicTemplates(ObjectNode mappings) {
        if (!(mappings.path("dynamic_templates") instanceof ArrayNode templates)) {
            return;
        }
        ArrayNode rewritten = JSON.createArrayNode();
        for (JsonNode entry : templates) {
            for (Map.Entry<String, JsonNode> named : entry.properties()) {
                ObjectNode definition = (ObjectNode) named.getValue().deepCopy();
                if ("flattened".equals(definition.path("mapping").path("type").asString(""))) {
                    continue;
                }
                if (definition.path("mapping") instanceof ObjectNode mapping) {
                    rewriteField(mapping);
                }
                JsonNode pathMatch = definition.path("path_match");
                if (pathMatch.isArray()) {
                    int i = 0;
                    for (JsonNode pattern : pathMatch) {
                        ObjectNode one = definition.deepCopy();
                        one.put("path_match", pattern.asString());
                        rewritten.addObject().set(named.getKey() + (i++ == 0 ? "" : "_" + i), one);
                    }
                } else {
                    rewritten.addObject().set(named.getKey(), definition);
                }
            }
        }
        mappings.set("dynamic_templates", rewritten);
    }

    /** An object mapping: its own options, then each of its properties. */
    private static void rewriteMapping(ObjectNode mapping) {
        mapping.remove("subobjects");
        if (mapping.path("properties") instanceof ObjectNode properties) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = properties.properties().iterator(); fields.hasNext(); ) {
                if (fields.next().getValue() instanceof ObjectNode field) {
                    rewriteField(field);
                }
            }
        }
    }

    private static void rewriteField(ObjectNode field) {
        String type = field.path("type").asString("");
        String replacement = TYPES.get(type);
        if (replacement != null) {
            field.put("type", replacement);
            switch (type) {
                case "passthrough" -> {
                    field.remove("priority");
                    field.remove("time_series_dimension");
                }
                case "flattened" -> {
                    // flat_object takes no options
                    field.remove("ignore_above");
                    field.remove("depth_limit");
                    field.remove("index_options");
                    field.remove("null_value");
                    field.remove("similarity");
                    field.remove("split_queries_on_whitespace");
                    field.remove("eager_global_ordinals");
                }
                case "constant_keyword" -> field.remove("value");
                default -> {
                }
            }
        }
        rewriteMapping(field);
    }
}
