package io.opsplane.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What the gateways keep and where they write it: the tail-sampling policies the guide documents,
 * and logs in the layout and indices Opsplane reads.
 */
class GatewayTest {

    private static final Map<String, Set<String>> POLICY_FIELDS = Map.of(
            "status_code", Set.of("status_codes"),
            "latency", Set.of("threshold_ms", "upper_threshold_ms"),
            "string_attribute", Set.of("key", "values", "enabled_regex_matching", "cache_max_size", "invert_match"),
            "probabilistic", Set.of("sampling_percentage", "hash_salt"));

    private final CollectorConfigFile gateway = load("gateway.yaml");
    private final CollectorConfigFile small = load("gateway-to-opsplane.yaml");

    @Test
    void policiesHaveTheirTypesDocumentedFields() {
        for (CollectorConfigFile file : List.of(gateway, small)) {
            for (Map<String, Object> policy : policies(file)) {
                String type = String.valueOf(policy.get("type"));
                assertThat(policy.get("name")).as(file.name() + ": a policy's name").isInstanceOf(String.class);
                assertThat(POLICY_FIELDS).as(file.name() + ": policy type " + type).containsKey(type);
                // a policy holds its name, its type and the settings block named after the type, nothing else
                assertThat(policy.keySet()).as(file.name() + ": policy " + policy.get("name"))
                        .containsExactlyInAnyOrder("name", "type", type);
                assertThat(CollectorConfigFile.Yamls.map(policy.get(type), type).keySet())
                        .as(file.name() + ": " + type + " settings").isSubsetOf(POLICY_FIELDS.get(type));
            }
        }
    }

    @Test
    void keepsErrorsSlowTracesAndSagasAndSamplesTheRest() {
        Map<String, Map<String, Object>> byType = new java.util.HashMap<>();
        policies(gateway).forEach(policy -> byType.put(String.valueOf(policy.get("type")), policy));

        assertThat(settings(byType, "status_code").get("status_codes")).isEqualTo(List.of("ERROR"));
        assertThat(settings(byType, "latency").get("threshold_ms")).isInstanceOf(Integer.class)
                .satisfies(threshold -> assertThat((Integer) threshold).isPositive());
        Map<String, Object> saga = settings(byType, "string_attribute");
        assertThat(saga.get("key")).isEqualTo("saga.id");
        // any value: the attribute's presence is what marks a saga's trace
        assertThat(saga.get("values")).isEqualTo(List.of(".+"));
        assertThat(saga.get("enabled_regex_matching")).isEqualTo(true);
        Object percentage = settings(byType, "probabilistic").get("sampling_percentage");
        assertThat(((Number) percentage).doubleValue()).isGreaterThan(0).isLessThan(100);

        var tailSampling = gateway.component("processors", "tail_sampling");
        assertThat(tailSampling.get("decision_wait")).as("long enough for a saga's hops over Kafka").isEqualTo("30s");
        assertThat(CollectorConfigFile.Yamls.map(tailSampling.get("decision_cache"), "decision_cache"))
                .containsKeys("sampled_cache_size", "non_sampled_cache_size");
    }

    @Test
    void theSmallGatewaySamplesExactlyAsTheFullOne() {
        assertThat(small.component("processors", "tail_sampling"))
                .isEqualTo(gateway.component("processors", "tail_sampling"));
    }

    @Test
    void tracesGoToJaegerOverOtlpAndLogsToElasticsearch() {
        var pipelines = gateway.pipelines();
        assertThat(pipelines.get("traces").exporters()).containsExactly("otlp_grpc/jaeger");
        assertThat(pipelines.get("traces").processors()).containsExactly("memory_limiter", "tail_sampling", "batch");
        assertThat(pipelines.get("logs").exporters()).containsExactly("elasticsearch");
        assertThat(pipelines.get("logs").processors()).doesNotContain("tail_sampling");

        assertThat(small.pipelines().values()).allSatisfy(pipeline ->
                assertThat(pipeline.exporters()).containsExactly("otlp_http/opsplane"));
    }

    @Test
    void logsAreWrittenInTheOtelMappingToDataStreamsOpsplaneReads() throws IOException {
        Map<String, Object> exporter = gateway.component("exporters", "elasticsearch");
        Map<String, Object> mapping = CollectorConfigFile.Yamls.map(exporter.get("mapping"), "mapping");
        // Opsplane's default opsplane.telemetry.logs.mapping-mode
        assertThat(mapping.get("mode")).isEqualTo("otel");
        // no logs_index: the exporter's default data streams logs-<dataset>.otel-<namespace> ...
        assertThat(exporter).doesNotContainKeys("logs_index", "logstash_format", "index");
        // ... which Opsplane's default index pattern for the otel mode covers
        String logIndices = Files.readString(CollectorConfigFile.repositoryRoot()
                .resolve("console/src/main/java/io/opsplane/console/telemetry/log/LogIndices.java"));
        assertThat(logIndices).contains("logs-*.otel-*");
        // the alternative the file documents for clusters without data streams: Opsplane's own daily indices
        String text = Files.readString(gateway.path);
        assertThat(text).contains("logs_index: logs-otel").contains("logstash_format:").contains("enabled: true");
        assertThat(logIndices).contains("logs-otel");
    }

    @Test
    void theSmallGatewayAuthenticatesToOpsplanesReceiver() {
        Map<String, Object> exporter = small.component("exporters", "otlp_http/opsplane");
        assertThat(CollectorConfigFile.withDefaults(String.valueOf(exporter.get("endpoint")))).isEqualTo("http://opsplane:8080");
        assertThat(exporter.get("encoding")).isEqualTo("proto");
        assertThat(CollectorConfigFile.Yamls.map(exporter.get("auth"), "auth").get("authenticator"))
                .as("an API key with the INGEST role, which writes telemetry and reads nothing").isEqualTo("bearertokenauth/opsplane");
        assertThat(small.component("extensions", "bearertokenauth/opsplane").get("token"))
                .isEqualTo("${env:OPSPLANE_INGEST_KEY}");
        assertThat(CollectorConfigFile.Yamls.map(exporter.get("retry_on_failure"), "retry").get("enabled"))
                .as("Opsplane answers 429/503 with Retry-After when Elasticsearch is behind").isEqualTo(true);
    }

    static List<Map<String, Object>> policies(CollectorConfigFile file) {
        Object policies = file.component("processors", "tail_sampling").get("policies");
        assertThat(policies).as(file.name() + ": tail_sampling.policies").isInstanceOf(List.class);
        return ((List<?>) policies).stream().map(policy -> CollectorConfigFile.Yamls.map(policy, "policy")).toList();
    }

    private static Map<String, Object> settings(Map<String, Map<String, Object>> byType, String type) {
        assertThat(byType).as("a " + type + " policy").containsKey(type);
        return CollectorConfigFile.Yamls.map(byType.get(type).get(type), type);
    }

    private static CollectorConfigFile load(String name) {
        return CollectorConfigFile.load(CollectorConfigFile.moduleDirectory().resolve(name));
    }
}
