package io.opsplane.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The Java agent's settings for a watched service: what Opsplane and the Collectors rely on. */
class JavaAgentPropertiesTest {

    private final Properties agent = load();

    @Test
    void namesTheServiceAndItsEnvironment() {
        assertThat(agent.getProperty("otel.service.name")).isNotBlank();
        assertThat(agent.getProperty("otel.resource.attributes"))
                .contains("deployment.environment.name=").contains("service.namespace=").contains("service.version=");
    }

    @Test
    void exportsOtlpOverHttpToTheCollectorAgent() {
        assertThat(agent.getProperty("otel.exporter.otlp.protocol")).isEqualTo("http/protobuf");
        assertThat(agent.getProperty("otel.traces.exporter")).isEqualTo("otlp");
        assertThat(agent.getProperty("otel.logs.exporter")).isEqualTo("otlp");
        assertThat(agent.getProperty("otel.metrics.exporter")).isIn("none", "otlp", "prometheus", "console");

        URI endpoint = URI.create(agent.getProperty("otel.exporter.otlp.endpoint"));
        assertThat(endpoint.getHost()).as("the Collector agent next to the service").isEqualTo("localhost");
        CollectorConfigFile collectorAgent = CollectorConfigFile.load(CollectorConfigFile.moduleDirectory().resolve("agent.yaml"));
        var protocols = CollectorConfigFile.Yamls.map(collectorAgent.component("receivers", "otlp").get("protocols"), "protocols");
        String http = String.valueOf(CollectorConfigFile.Yamls.map(protocols.get("http"), "http").get("endpoint"));
        assertThat(http).endsWith(":" + endpoint.getPort());
    }

    @Test
    void propagatesTraceContextAndBaggageThroughKafkaHeaders() {
        assertThat(Arrays.asList(agent.getProperty("otel.propagators").split(",")))
                .contains("tracecontext", "baggage");
        assertThat(agent.getProperty("otel.instrumentation.kafka.producer-propagation.enabled")).isEqualTo("true");
        assertThat(agent.getProperty("otel.instrumentation.kafka.experimental-span-attributes")).isEqualTo("true");
        // every trace is recorded: the gateway samples once it has seen the whole trace
        assertThat(agent.getProperty("otel.traces.sampler")).isEqualTo("parentbased_always_on");
    }

    @Test
    void copiesTheSagaIdTheGatewayKeepsFromBaggageOntoSpansAndIntoTheMdc() {
        String sagaKey = GatewayTest.policies(CollectorConfigFile.load(CollectorConfigFile.moduleDirectory().resolve("gateway.yaml")))
                .stream().filter(policy -> "string_attribute".equals(policy.get("type")))
                .map(policy -> CollectorConfigFile.Yamls.map(policy.get("string_attribute"), "string_attribute").get("key"))
                .findFirst().orElseThrow().toString();
        assertThat(Arrays.asList(agent.getProperty("otel.java.experimental.span-attributes.copy-from-baggage.include").split(",")))
                .contains(sagaKey);
        assertThat(agent.getProperty("otel.instrumentation.logback-mdc.add-baggage")).isEqualTo("true");
        assertThat(agent.getProperty("otel.instrumentation.logback-appender.experimental.capture-mdc-attributes")).isNotBlank();
    }

    @Test
    void setsOnlyOpenTelemetrySettings() {
        assertThat(agent.stringPropertyNames()).allSatisfy(key -> assertThat(key).startsWith("otel."));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                CollectorConfigFile.moduleDirectory().resolve("java-agent/otel-javaagent.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
