package io.opsplane.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The Collector files and the docker-compose stack (deploy/docker-compose) agree: the compose services
 * mount these very files, and every endpoint the Collectors export to is a compose service listening
 * on that port. (The Kubernetes manifests are checked in the deploy module, which renders them.)
 */
class ComposeAgreementTest {

    private final Path composeFile = CollectorConfigFile.repositoryRoot().resolve("deploy/docker-compose/docker-compose.yml");
    private final Map<String, Object> services = CollectorConfigFile.Yamls.map(
            CollectorConfigFile.Yamls.load(composeFile).get("services"), "services");

    @Test
    void theCollectorServicesMountThisModulesFiles() {
        assertThat(mountedFile("otel-gateway", "/etc/otelcol/gateway.yaml"))
                .isEqualTo(CollectorConfigFile.moduleDirectory().resolve("gateway.yaml").normalize());
        assertThat(mountedFile("otel-agent", "/etc/otelcol/agent.yaml"))
                .isEqualTo(CollectorConfigFile.moduleDirectory().resolve("agent.yaml").normalize());
        assertThat(service("otel-gateway").get("command")).isEqualTo(List.of("--config=/etc/otelcol/gateway.yaml"));
        assertThat(service("otel-agent").get("command")).isEqualTo(List.of("--config=/etc/otelcol/agent.yaml"));
    }

    @Test
    void theAgentExportsToTheGatewayService() {
        CollectorConfigFile agent = load("agent.yaml");
        URI target = endpoint(agent, "otlp_grpc/gateway", service("otel-agent"));
        assertThat(services).containsKey(target.getHost());
        assertThat(otlpPort(load("gateway.yaml"), "grpc")).isEqualTo(target.getPort());
    }

    @Test
    void theGatewayExportsToTheJaegerAndElasticsearchServices() throws Exception {
        CollectorConfigFile gateway = load("gateway.yaml");
        Map<String, Object> gatewayService = service("otel-gateway");

        URI jaeger = endpoint(gateway, "otlp_grpc/jaeger", gatewayService);
        assertThat(jaeger.getHost()).isEqualTo("jaeger");
        assertThat(service("jaeger").get("image").toString()).startsWith("jaegertracing/jaeger:2.");
        // Jaeger listens for OTLP/gRPC where the gateway sends it
        CollectorConfigFile jaegerConfig = CollectorConfigFile.load(mountedFile("jaeger", "/etc/jaeger/config.yaml"));
        assertThat(otlpPort(jaegerConfig, "grpc")).isEqualTo(jaeger.getPort());

        Object endpoints = gateway.component("exporters", "elasticsearch").get("endpoints");
        URI elasticsearch = URI.create(resolve(((List<?>) endpoints).getFirst().toString(), gatewayService));
        assertThat(elasticsearch.getHost()).isEqualTo("elasticsearch");
        assertThat(elasticsearch.getPort()).as("Elasticsearch's default HTTP port").isEqualTo(9200);
        assertThat(environment(service("elasticsearch"))).doesNotContainKey("http.port");
        assertThat(service("elasticsearch").get("image").toString()).contains("elasticsearch:8.19.");
        // and Opsplane reads the same cluster
        assertThat(environment(service("opsplane")).get("OPSPLANE_ELASTICSEARCH_URIS")).isEqualTo(elasticsearch.toString());
    }

    @Test
    void theSmallGatewaysOpsplaneEndpointIsTheOpsplaneService() {
        URI opsplane = URI.create(CollectorConfigFile.withDefaults(String.valueOf(
                load("gateway-to-opsplane.yaml").component("exporters", "otlp_http/opsplane").get("endpoint"))));
        assertThat(services).containsKey(opsplane.getHost());
        assertThat(environment(service(opsplane.getHost()))).doesNotContainKey("OPSPLANE_PORT");
        assertThat(opsplane.getPort()).as("the console's default server.port").isEqualTo(8080);
    }

    @Test
    void theDemoServicesExportToTheAgentWithTheJavaAgentSettings() throws Exception {
        int agentHttpPort = otlpPort(load("agent.yaml"), "http");
        for (String name : List.of("order", "inventory", "payment")) {
            Map<String, Object> environment = environment(service(name));
            URI endpoint = URI.create(environment.get("OTEL_EXPORTER_OTLP_ENDPOINT").toString());
            assertThat(endpoint.getHost()).isEqualTo("otel-agent");
            assertThat(endpoint.getPort()).isEqualTo(agentHttpPort);
            // named as the launcher's demo names them, so traces look the same however the shop runs
            Properties launcherAgent = new Properties();
            try (var reader = Files.newBufferedReader(CollectorConfigFile.repositoryRoot()
                    .resolve("demo/otel/" + name + ".properties"))) {
                launcherAgent.load(reader);
            }
            assertThat(environment.get("OTEL_SERVICE_NAME")).isEqualTo(launcherAgent.getProperty("otel.service.name"));
        }
        // the demo image carries this module's Java agent settings
        String dockerfile = Files.readString(CollectorConfigFile.repositoryRoot().resolve("deploy/docker/demo.Dockerfile"));
        assertThat(dockerfile).contains("COPY collector-config/java-agent/otel-javaagent.properties /otel/otel-javaagent.properties")
                .contains("OTEL_JAVAAGENT_CONFIGURATION_FILE=/otel/otel-javaagent.properties");
        Properties agent = new Properties();
        try (var reader = Files.newBufferedReader(CollectorConfigFile.moduleDirectory().resolve("java-agent/otel-javaagent.properties"))) {
            agent.load(reader);
        }
        assertThat(agent.getProperty("otel.exporter.otlp.protocol")).isEqualTo("http/protobuf");
    }

    private Map<String, Object> service(String name) {
        assertThat(services).as("compose services").containsKey(name);
        return CollectorConfigFile.Yamls.map(services.get(name), name);
    }

    private static Map<String, Object> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        return environment == null ? Map.of() : CollectorConfigFile.Yamls.map(environment, "environment");
    }

    /** The host file a compose service mounts at {@code target}, resolved against the compose file's folder. */
    private Path mountedFile(String name, String target) {
        for (Object volume : (List<?>) service(name).get("volumes")) {
            String[] parts = volume.toString().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                Path file = composeFile.getParent().resolve(parts[0]).normalize();
                assertThat(file).as(name + " mounts " + parts[0]).isRegularFile();
                return file;
            }
        }
        throw new AssertionError(name + " mounts nothing at " + target);
    }

    /** An exporter's endpoint as the Collector sees it in that compose service's environment. */
    private static URI endpoint(CollectorConfigFile file, String exporter, Map<String, Object> service) {
        String endpoint = resolve(String.valueOf(file.component("exporters", exporter).get("endpoint")), service);
        return URI.create(endpoint.contains("://") ? endpoint : "grpc://" + endpoint);
    }

    private static String resolve(String value, Map<String, Object> service) {
        Map<String, Object> environment = environment(service);
        String resolved = value;
        for (String variable : CollectorConfigFile.environmentVariables(value)) {
            if (environment.containsKey(variable)) {
                resolved = resolved.replaceAll("\\$\\{env:" + variable + "(:-[^}]*)?}",
                        java.util.regex.Matcher.quoteReplacement(environment.get(variable).toString()));
            }
        }
        return CollectorConfigFile.withDefaults(resolved);
    }

    private static int otlpPort(CollectorConfigFile file, String protocol) {
        var protocols = CollectorConfigFile.Yamls.map(file.component("receivers", "otlp").get("protocols"), "protocols");
        String endpoint = String.valueOf(CollectorConfigFile.Yamls.map(protocols.get(protocol), protocol).get("endpoint"));
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    private static CollectorConfigFile load(String name) {
        return CollectorConfigFile.load(CollectorConfigFile.moduleDirectory().resolve(name));
    }
}
