package io.opsplane.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Kubernetes deployment promises: two interchangeable console replicas that a disruption
 * budget protects and the Service pins browsers to, the console's settings as it understands them,
 * and the Collector, Jaeger and the console agreeing on where traces and logs go.
 */
class OpsplaneOnKubernetesTest {

    private final Rendered base = KubernetesManifestsTest.rendered("base");

    @Test
    void twoConsoleReplicasWithHealthProbesAndADisruptionBudget() {
        Deployment opsplane = base.get(Deployment.class, "opsplane");
        assertThat(opsplane.getSpec().getReplicas()).isEqualTo(2);
        Container console = base.container("opsplane", "opsplane");
        assertThat(console.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(console.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(console.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(console.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8080));

        PodDisruptionBudget budget = base.get(PodDisruptionBudget.class, "opsplane");
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isLessThan(opsplane.getSpec().getReplicas());
    }

    @Test
    void theServiceKeepsABrowserOnTheReplicaHoldingItsVaadinSession() {
        Service service = base.service("opsplane").orElseThrow();
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(8080);
    }

    @Test
    void theManagedIngressUsesCookieAffinity() {
        var ingress = KubernetesManifestsTest.rendered("overlays/managed")
                .get(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "opsplane");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/affinity", "cookie");
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/managed"})
    void everyVariableTheConsoleIsGivenIsOneItUnderstands(String kustomization) {
        Rendered rendered = KubernetesManifestsTest.rendered(kustomization);
        ConsoleSettings console = new ConsoleSettings();
        Container container = rendered.container("opsplane", "opsplane");
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .allSatisfy(name -> assertThat(console.understands(name)).as(name).isTrue());
        assertThat(rendered.configMap("opsplane-settings").getData().keySet())
                .allSatisfy(name -> assertThat(console.understands(name)).as(kustomization + ": opsplane-settings " + name).isTrue());
    }

    @Test
    void theDevelopmentSecretHoldsEveryCredentialAndTheManagedOverlayDropsIt() {
        Secret credentials = base.secret("opsplane-credentials").orElseThrow();
        assertThat(credentials.getStringData())
                .containsKeys("db-password", "db-owner-password", "elasticsearch-password", "admin-password-hash", "ingest-key-hash",
                        "webhook-secret");
        assertThat(credentials.getStringData().get("admin-password-hash")).startsWith("{bcrypt}$2");
        assertThat(credentials.getStringData().get("ingest-key-hash")).matches("\\{sha256}[0-9a-f]{64}");
        assertThat(KubernetesManifestsTest.rendered("overlays/managed").secret("opsplane-credentials")).isEmpty();
    }

    @Test
    void theConsoleRunsAsItsApplicationRoleAndMigratesAsTheOwnerWhichTheLocalDatabaseMakes() {
        for (String kustomization : java.util.List.of("base", "overlays/managed")) {
            Map<String, String> console = KubernetesManifestsTest.rendered(kustomization).configMap("opsplane-settings").getData();
            assertThat(console.get("OPSPLANE_DB_USER")).as(kustomization).isEqualTo("opsplane_app");
            assertThat(console.get("OPSPLANE_DB_OWNER_USER")).as(kustomization).isEqualTo("opsplane_owner");
        }
        assertThat(base.container("opsplane", "opsplane").getEnv()).extracting(EnvVar::getName)
                .contains("OPSPLANE_DB_PASSWORD", "OPSPLANE_DB_OWNER_PASSWORD");
        Rendered local = KubernetesManifestsTest.rendered("overlays/local");
        assertThat(local.configMap("postgres-init").getData().get("opsplane-roles.sh"))
                .as("the roles script docker-compose mounts too")
                .isEqualTo(Repository.text(Repository.path("deploy/kubernetes/overlays/local/opsplane-roles.sh")));
    }

    @Test
    void theBaseCarriesExactCopiesOfTheGatewayConfigurationAndTheSagaDefinitions() {
        assertThat(Repository.text(Rendered.folder("base").resolve("collector/gateway.yaml")))
                .as("deploy/kubernetes/base/collector/gateway.yaml must equal collector-config/gateway.yaml")
                .isEqualTo(Repository.text(Repository.path("collector-config/gateway.yaml")));
        // every saga definition the launcher tracks, copied as it is (Kustomize reads only below its folder)
        java.util.List<String> definitions;
        try (var files = java.nio.file.Files.list(Repository.path("deploy/sagas"))) {
            definitions = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String definition : definitions) {
            assertThat(Repository.text(Rendered.folder("base").resolve("sagas/" + definition)))
                    .as("deploy/kubernetes/base/sagas/" + definition + " must equal deploy/sagas/" + definition)
                    .isEqualTo(Repository.text(Repository.path("deploy/sagas/" + definition)));
        }
        assertThat(base.configMap("opsplane-sagas").getData()).containsOnlyKeys(definitions.toArray(String[]::new));
        assertThat(base.configMap("opsplane-settings").getData().get("OPSPLANE_SAGAS"))
                .isEqualTo("file:/etc/opsplane/sagas/*.yml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/managed"})
    void collectorJaegerAndConsoleAgreeOnWhereTelemetryGoes(String kustomization) {
        Rendered rendered = KubernetesManifestsTest.rendered(kustomization);
        Map<String, String> telemetry = rendered.configMap("telemetry-settings").getData();
        Map<String, String> console = rendered.configMap("opsplane-settings").getData();

        // one Elasticsearch for Jaeger, the gateway and the console
        assertThat(telemetry.get("ELASTICSEARCH_URL")).isEqualTo(console.get("OPSPLANE_ELASTICSEARCH_URIS"));
        JsonNode gateway = Repository.YAML.valueToTree(yamlOf(rendered.configMap("otel-gateway-config"), "gateway.yaml"));
        assertThat(gateway.at("/exporters/elasticsearch/endpoints/0").asText()).contains("${env:ELASTICSEARCH_URL");
        JsonNode jaeger = Repository.YAML.valueToTree(yamlOf(rendered.configMap("jaeger-config"), "config.yaml"));
        assertThat(jaeger.at("/extensions/jaeger_storage/backends/opsplane_es/elasticsearch/server_urls/0").asText())
                .contains("${env:ELASTICSEARCH_URL");
        // the same index prefix as the console's (both empty: no prefix)
        assertThat(jaeger.at("/extensions/jaeger_storage/backends/opsplane_es/elasticsearch/indices/index_prefix").asText())
                .isEqualTo(console.getOrDefault("OPSPLANE_TELEMETRY_INDEXPREFIX", ""));

        // the gateway sends traces to the jaeger Service, which forwards to Jaeger's OTLP receiver
        assertThat(gateway.at("/exporters/otlp_grpc~1jaeger/endpoint").asText()).contains("${env:JAEGER_OTLP_ENDPOINT");
        URI jaegerTarget = URI.create("grpc://" + telemetry.get("JAEGER_OTLP_ENDPOINT"));
        int jaegerPort = containerPortBehind(rendered, jaegerTarget);
        assertThat(jaeger.at("/receivers/otlp/protocols/grpc/endpoint").asText()).endsWith(":" + jaegerPort);

        // the agents' default target, otel-gateway:4317, is the gateway's OTLP receiver
        JsonNode agent = Repository.yaml(Repository.path("collector-config/agent.yaml"));
        String agentTarget = agent.at("/exporters/otlp_grpc~1gateway/endpoint").asText().replaceAll("\\$\\{env:[A-Z_]+:-([^}]*)}", "$1");
        int gatewayPort = containerPortBehind(rendered, URI.create("grpc://" + agentTarget));
        assertThat(gateway.at("/receivers/otlp/protocols/grpc/endpoint").asText()).endsWith(":" + gatewayPort);
    }

    @Test
    void theLocalOverlayRunsEveryServiceTheSettingsName() {
        Rendered local = KubernetesManifestsTest.rendered("overlays/local");
        Map<String, String> console = local.configMap("opsplane-settings").getData();
        URI database = URI.create(console.get("OPSPLANE_DB_URL").substring("jdbc:".length()));
        assertThat(containerPortBehind(local, database)).isEqualTo(5432);
        assertThat(containerPortBehind(local, URI.create("kafka://" + console.get("OPSPLANE_KAFKA")))).isEqualTo(9092);
        assertThat(containerPortBehind(local, URI.create(console.get("OPSPLANE_ELASTICSEARCH_URIS")))).isEqualTo(9200);
        // the broker advertises the Service's name, so the console's consumers reach it there
        var kafka = local.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "kafka");
        assertThat(kafka.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(variable -> {
                    assertThat(variable.getName()).isEqualTo("KAFKA_ADVERTISED_LISTENERS");
                    assertThat(variable.getValue()).isEqualTo("PLAINTEXT://" + console.get("OPSPLANE_KAFKA"));
                });
        assertThat(local.all(io.fabric8.kubernetes.api.model.HasMetadata.class))
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                        .isIn("opsplane", null));
    }

    @Test
    void theManagedOverlayUsesTlsForEveryManagedService() {
        Rendered managed = KubernetesManifestsTest.rendered("overlays/managed");
        Map<String, String> console = managed.configMap("opsplane-settings").getData();
        assertThat(console.get("OPSPLANE_DB_URL")).contains("sslmode=verify-full").contains("sslrootcert=/etc/opsplane/tls/ca.crt");
        assertThat(console.get("SPRING_KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
        assertThat(console.get("OPSPLANE_ELASTICSEARCH_URIS")).startsWith("https://");
        assertThat(console.get("SPRING_SSL_BUNDLE_PEM_OPSPLANE_TRUSTSTORE_CERTIFICATE")).isEqualTo("file:/etc/opsplane/tls/ca.crt");
        assertThat(managed.container("opsplane", "opsplane").getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/opsplane/tls"));
        assertThat(managed.container("opsplane", "opsplane").getImage()).startsWith("registry.example.com/");
    }

    /** The container port a Service forwards {@code target}'s host:port to; fails if there is no such Service port. */
    private static int containerPortBehind(Rendered rendered, URI target) {
        Service service = rendered.service(target.getHost())
                .orElseThrow(() -> new AssertionError(rendered.name + " has no Service " + target.getHost()));
        ServicePort port = service.getSpec().getPorts().stream().filter(candidate -> candidate.getPort() == target.getPort())
                .findFirst().orElseThrow(() -> new AssertionError("Service " + target.getHost() + " has no port " + target.getPort()));
        var workload = rendered.workloads().values().stream()
                .filter(template -> template.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                .findFirst().orElseThrow();
        return workload.getSpec().getContainers().stream().flatMap(container -> container.getPorts().stream())
                .filter(candidate -> port.getTargetPort().getStrVal() != null
                        ? port.getTargetPort().getStrVal().equals(candidate.getName())
                        : port.getTargetPort().getIntVal().equals(candidate.getContainerPort()))
                .findFirst().orElseThrow().getContainerPort();
    }

    private static Object yamlOf(ConfigMap map, String key) {
        assertThat(map.getData()).containsKey(key);
        try {
            return Repository.YAML.readValue(map.getData().get(key), Object.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
