package io.opsplane.console.telemetry.trace.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.opsplane.console.telemetry.es.DailyIndices;
import io.opsplane.console.telemetry.es.IndexTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jaeger's Elasticsearch 8/9 index templates for span, service and dependency indices, so that a
 * real Jaeger Query reads what Opsplane writes. Without ILM (not every cluster has it), so each
 * daily index is written to directly and read through the {@code -read} alias or by name.
 */
@Configuration(proxyBeanMethods = false)
class JaegerTemplates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    IndexTemplate jaegerSpanTemplate(TraceSettings settings) {
        ObjectNode mappings = (ObjectNode) resource("jaeger-span-mappings.json");
        // beside Jaeger's schema: what a span could not have indexed, kept in the source only
        ((ObjectNode) mappings.get("properties")).putObject(SpanDocuments.NOT_INDEXED).put("type", "object")
                .put("enabled", false);
        IndexTemplate template = template(settings, "jaeger-span", 500, mappings);
        // room for the schema and every key allowed as a field (tags-as-fields-keys), which is all that can add fields
        ObjectNode body = (ObjectNode) JSON.readTree(template.body());
        ((ObjectNode) body.path("template").path("settings")).put("index.mapping.total_fields.limit",
                settings.totalFieldsLimit());
        return new IndexTemplate(template.name(), JSON.writeValueAsString(body));
    }

    @Bean
    IndexTemplate jaegerServiceTemplate(TraceSettings settings) {
        return template(settings, "jaeger-service", 501, resource("jaeger-service-mappings.json"));
    }

    @Bean
    IndexTemplate jaegerDependenciesTemplate(TraceSettings settings) {
        return template(settings, "jaeger-dependencies", 502, JSON.createObjectNode());
    }

    /** What retention may delete: span and service indices are kept as long as spans, dependencies on their own. */
    @Bean
    DailyIndices jaegerSpanIndices(TraceSettings settings) {
        return new DailyIndices("spans", settings.name("jaeger-span-"), "yyyy-MM-dd");
    }

    @Bean
    DailyIndices jaegerServiceIndices(TraceSettings settings) {
        return new DailyIndices("spans", settings.name("jaeger-service-"), "yyyy-MM-dd");
    }

    @Bean
    DailyIndices jaegerDependencyIndices(TraceSettings settings) {
        return new DailyIndices("dependencies", settings.name("jaeger-dependencies-"), "yyyy-MM-dd");
    }

    static IndexTemplate template(TraceSettings settings, String base, int priority, JsonNode mappings) {
        String name = settings.name(base);
        ObjectNode body = JSON.createObjectNode();
        body.put("index_patterns", name + "-*");
        body.put("priority", priority);
        ObjectNode template = body.putObject("template");
        template.putObject("aliases").putObject(name + "-read");
        template.set("mappings", mappings);
        ObjectNode indexSettings = template.putObject("settings");
        indexSettings.put("index.mapping.nested_fields.limit", 50);
        indexSettings.put("index.number_of_replicas", settings.replicas);
        indexSettings.put("index.number_of_shards", settings.shards);
        indexSettings.put("index.requests.cache.enable", true);
        return new IndexTemplate(name, JSON.writeValueAsString(body));
    }

    private static JsonNode resource(String name) {
        try (InputStream in = JaegerTemplates.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
