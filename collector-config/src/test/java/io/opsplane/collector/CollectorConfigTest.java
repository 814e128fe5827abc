package io.opsplane.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Collector file in this module, checked as the Collector would check it at start-up (no
 * otelcol-contrib binary is available here: it is not on Maven Central): pipelines name only defined
 * components, every defined component is used, option names are the upstream ones, processors run
 * in a sensible order.
 */
class CollectorConfigTest {

    static Stream<Path> files() throws IOException {
        return CollectorConfigFile.all().stream();
    }

    @Test
    void theModuleHasTheAgentAndBothGateways() throws IOException {
        assertThat(CollectorConfigFile.all()).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("agent.yaml", "gateway.yaml", "gateway-to-opsplane.yaml");
    }

    @ParameterizedTest
    @MethodSource("files")
    void pipelinesNameOnlyComponentsTheFileDefines(Path path) {
        CollectorConfigFile file = CollectorConfigFile.load(path);
        assertThat(file.pipelines()).as(file.name() + " pipelines").isNotEmpty();
        for (var pipeline : file.pipelines().values()) {
            assertThat(pipeline.signal()).as(file.name() + ": pipeline " + pipeline.id())
                    .isIn("traces", "logs", "metrics");
            assertThat(pipeline.receivers()).as(file.name() + ": " + pipeline.id() + " receivers").isNotEmpty()
                    .allSatisfy(id -> assertThat(file.components("receivers")).containsKey(id));
            assertThat(pipeline.processors()).as(file.name() + ": " + pipeline.id() + " processors")
                    .doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(file.components("processors")).containsKey(id));
            assertThat(pipeline.exporters()).as(file.name() + ": " + pipeline.id() + " exporters").isNotEmpty()
                    .allSatisfy(id -> assertThat(file.components("exporters")).containsKey(id));
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyDefinedComponentIsUsed(Path path) {
        CollectorConfigFile file = CollectorConfigFile.load(path);
        Set<String> used = new LinkedHashSet<>();
        file.pipelines().values().forEach(pipeline -> {
            used.addAll(pipeline.receivers());
            used.addAll(pipeline.processors());
            used.addAll(pipeline.exporters());
        });
        for (String kind : List.of("receivers", "processors", "exporters")) {
            assertThat(used).as(file.name() + ": every one of its " + kind + " is in a pipeline")
                    .containsAll(file.components(kind).keySet());
        }
        assertThat(file.components("connectors")).as(file.name() + " connectors").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("files")
    void extensionsAreDefinedStartedAndAuthenticatorsStarted(Path path) {
        CollectorConfigFile file = CollectorConfigFile.load(path);
        assertThat(file.serviceExtensions()).as(file.name() + ": service.extensions")
                .containsExactlyInAnyOrderElementsOf(file.components("extensions").keySet());
        for (String id : file.components("exporters").keySet()) {
            Object auth = file.component("exporters", id).get("auth");
            if (auth != null) {
                Object authenticator = CollectorConfigFile.Yamls.map(auth, id + ".auth").get("authenticator");
                assertThat(file.serviceExtensions()).as(file.name() + ": " + id + "'s authenticator is started")
                        .contains(String.valueOf(authenticator));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyComponentIsOfTheContribDistributionWithItsUpstreamOptionNames(Path path) {
        CollectorConfigFile file = CollectorConfigFile.load(path);
        List<String> problems = new ArrayList<>();
        for (String kind : CollectorConfigFile.COMPONENT_KINDS) {
            Map<String, UpstreamOptions.Block> known = UpstreamOptions.ofKind(kind);
            for (String id : file.components(kind).keySet()) {
                UpstreamOptions.Block block = known.get(CollectorConfigFile.type(id));
                if (block == null) {
                    problems.add(kind + "." + id + ": not a component these files are checked against " + known.keySet());
                } else {
                    problems.addAll(UpstreamOptions.unknownOptions(kind + "." + id, file.components(kind).get(id), block));
                }
            }
        }
        assertThat(problems).as(file.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("files")
    void processorsRunMemoryLimiterFirstAndBatchLast(Path path) {
        CollectorConfigFile file = CollectorConfigFile.load(path);
        for (var pipeline : file.pipelines().values()) {
            List<String> types = pipeline.processors().stream().map(CollectorConfigFile::type).toList();
            String where = file.name() + ": " + pipeline.id() + " " + types;
            // the limiter must refuse data before any other processor holds it
            assertThat(types).as(where).first().isEqualTo("memory_limiter");
            // batching last: tail sampling needs spans as they come, and exports want whole batches
            assertThat(types).as(where).last().isEqualTo("batch");
            if (types.contains("tail_sampling")) {
                assertThat(pipeline.signal()).as(where).isEqualTo("traces");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.yaml", "gateway-to-opsplane.yaml"})
    void theGatewaysTakeZipkinAndJaegerSpansOnTheirStandardPortsIntoTheTracesPipeline(String name) {
        CollectorConfigFile file = CollectorConfigFile.load(CollectorConfigFile.moduleDirectory().resolve(name));
        assertThat(file.component("receivers", "zipkin").get("endpoint")).isEqualTo("0.0.0.0:9411");
        var protocols = CollectorConfigFile.Yamls.map(file.component("receivers", "jaeger").get("protocols"), "protocols");
        assertThat(CollectorConfigFile.Yamls.map(protocols.get("thrift_http"), "thrift_http").get("endpoint"))
                .isEqualTo("0.0.0.0:14268");
        assertThat(file.pipelines().values()).filteredOn(p -> p.signal().equals("traces")).singleElement()
                .satisfies(p -> assertThat(p.receivers()).containsExactly("otlp", "zipkin", "jaeger"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void listensForOtlpOnTheStandardPortsOnEveryInterface(Path path) {
        CollectorConfigFile file = CollectorConfigFile.load(path);
        var protocols = CollectorConfigFile.Yamls.map(file.component("receivers", "otlp").get("protocols"), "protocols");
        assertThat(CollectorConfigFile.Yamls.map(protocols.get("grpc"), "grpc").get("endpoint")).isEqualTo("0.0.0.0:4317");
        assertThat(CollectorConfigFile.Yamls.map(protocols.get("http"), "http").get("endpoint")).isEqualTo("0.0.0.0:4318");
        assertThat(file.component("extensions", "health_check").get("endpoint")).isEqualTo("0.0.0.0:13133");
    }
}
