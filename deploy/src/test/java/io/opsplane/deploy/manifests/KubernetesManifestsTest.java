package io.opsplane.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kustomization renders (with the real Kustomize), every rendered object loads strictly into the
 * Kubernetes model, and the objects' references to each other resolve: what a Service selects, the
 * ports it forwards to, the ConfigMaps, Secrets and keys the pods read, the volumes they mount, the
 * ports their probes call, what the disruption budget, the autoscaler and the Ingress point at.
 */
class KubernetesManifestsTest {

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    static Rendered rendered(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, Rendered::of);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/managed"})
    void rendersToObjectsTheKubernetesApiAccepts(String kustomization) {
        // Rendered.of loads every object strictly and fails naming any unknown field or wrong type
        assertThat(rendered(kustomization).objects).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/managed"})
    void servicesSelectAWorkloadAndForwardToPortsItHas(String kustomization) {
        Rendered rendered = rendered(kustomization);
        for (Service service : rendered.all(Service.class)) {
            String name = kustomization + ": Service " + service.getMetadata().getName();
            List<PodTemplateSpec> selected = selectedBy(rendered, service.getSpec().getSelector());
            assertThat(selected).as(name + " selects exactly one workload").hasSize(1);
            List<ContainerPort> ports = selected.getFirst().getSpec().getContainers().stream()
                    .flatMap(container -> container.getPorts().stream()).toList();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(hasPort(ports, port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort()))
                        .as(name + " port " + port.getName() + " forwards to a port its pods have").isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/managed"})
    void podsReadOnlyConfigMapsSecretsAndKeysThatExist(String kustomization) {
        Rendered rendered = rendered(kustomization);
        List<String> problems = new ArrayList<>();
        rendered.workloads().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                String where = kustomization + ": " + workload + "/" + container.getName();
                container.getEnvFrom().forEach(source -> {
                    if (source.getConfigMapRef() != null && rendered.find(ConfigMap.class, source.getConfigMapRef().getName()).isEmpty()) {
                        problems.add(where + " envFrom ConfigMap " + source.getConfigMapRef().getName());
                    }
                    if (source.getSecretRef() != null && secretKeys(kustomization, rendered, source.getSecretRef().getName()).isEmpty()) {
                        problems.add(where + " envFrom Secret " + source.getSecretRef().getName());
                    }
                });
                container.getEnv().stream().filter(variable -> variable.getValueFrom() != null).forEach(variable -> {
                    var secretKey = variable.getValueFrom().getSecretKeyRef();
                    if (secretKey != null) {
                        Optional<Set<String>> keys = secretKeys(kustomization, rendered, secretKey.getName());
                        boolean optional = Boolean.TRUE.equals(secretKey.getOptional());
                        if (keys.isEmpty() ? !optional : !keys.get().contains(secretKey.getKey()) && !optional) {
                            problems.add(where + " " + variable.getName() + " reads Secret " + secretKey.getName() + " key " + secretKey.getKey());
                        }
                    }
                    var configKey = variable.getValueFrom().getConfigMapKeyRef();
                    if (configKey != null && rendered.find(ConfigMap.class, configKey.getName())
                            .map(map -> !map.getData().containsKey(configKey.getKey())).orElse(true)) {
                        problems.add(where + " " + variable.getName() + " reads ConfigMap " + configKey.getName() + " key " + configKey.getKey());
                    }
                });
            }
            for (Volume volume : template.getSpec().getVolumes()) {
                if (volume.getConfigMap() != null && rendered.find(ConfigMap.class, volume.getConfigMap().getName()).isEmpty()) {
                    problems.add(kustomization + ": " + workload + " volume " + volume.getName() + " ConfigMap " + volume.getConfigMap().getName());
                }
                if (volume.getSecret() != null && secretKeys(kustomization, rendered, volume.getSecret().getSecretName()).isEmpty()) {
                    problems.add(kustomization + ": " + workload + " volume " + volume.getName() + " Secret " + volume.getSecret().getSecretName());
                }
            }
        });
        assertThat(problems).as("references to nothing").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/managed"})
    void containersMountVolumesTheirPodHasAndProbePortsTheyOpen(String kustomization) {
        Rendered rendered = rendered(kustomization);
        rendered.workloads().forEach((workload, template) -> {
            Set<String> volumes = new HashSet<>();
            template.getSpec().getVolumes().forEach(volume -> volumes.add(volume.getName()));
            // StatefulSets' claim templates are volumes too
            rendered.all(io.fabric8.kubernetes.api.model.apps.StatefulSet.class).stream()
                    .filter(set -> workload.equals("StatefulSet " + set.getMetadata().getName()))
                    .flatMap(set -> set.getSpec().getVolumeClaimTemplates().stream())
                    .forEach(claim -> volumes.add(claim.getMetadata().getName()));
            for (Container container : template.getSpec().getContainers()) {
                String where = kustomization + ": " + workload + "/" + container.getName();
                container.getVolumeMounts().forEach(mount ->
                        assertThat(volumes).as(where + " mounts " + mount.getName()).contains(mount.getName()));
                for (Probe probe : new Probe[] {container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()}) {
                    IntOrString port = probe == null ? null
                            : probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                            : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
                    if (port != null) {
                        assertThat(hasPort(container.getPorts(), port)).as(where + " probes port " + port).isTrue();
                    }
                }
                assertThat(container.getResources().getRequests()).as(where + " resource requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(where + " memory limit").containsKey("memory");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/managed"})
    void budgetsAutoscalersAndIngressesPointAtWhatExists(String kustomization) {
        Rendered rendered = rendered(kustomization);
        for (PodDisruptionBudget budget : rendered.all(PodDisruptionBudget.class)) {
            assertThat(selectedBy(rendered, budget.getSpec().getSelector().getMatchLabels()))
                    .as(kustomization + ": PodDisruptionBudget " + budget.getMetadata().getName()).hasSize(1);
        }
        for (HorizontalPodAutoscaler autoscaler : rendered.all(HorizontalPodAutoscaler.class)) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            assertThat(target.getKind()).isEqualTo("Deployment");
            Deployment deployment = rendered.get(Deployment.class, target.getName());
            assertThat(autoscaler.getSpec().getMinReplicas()).as("never fewer than the base's replicas")
                    .isGreaterThanOrEqualTo(deployment.getSpec().getReplicas());
        }
        for (Ingress ingress : rendered.all(Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                var backend = path.getBackend().getService();
                Service service = rendered.service(backend.getName()).orElseThrow(() ->
                        new AssertionError(kustomization + ": Ingress backend " + backend.getName() + " is no Service"));
                assertThat(service.getSpec().getPorts()).as("Ingress backend port")
                        .anyMatch(port -> Objects.equals(port.getName(), backend.getPort().getName())
                                || Objects.equals(port.getPort(), backend.getPort().getNumber()));
            }));
        }
    }

    /**
     * The keys of a Secret the pods may read: from the render, or, for the managed overlay, which
     * creates its Secrets by hand, from the file and commands its kustomization documents.
     */
    static Optional<Set<String>> secretKeys(String kustomization, Rendered rendered, String secretName) {
        Optional<Secret> secret = rendered.secret(secretName);
        if (secret.isPresent()) {
            Set<String> keys = new HashSet<>();
            if (secret.get().getData() != null) {
                keys.addAll(secret.get().getData().keySet());
            }
            if (secret.get().getStringData() != null) {
                keys.addAll(secret.get().getStringData().keySet());
            }
            return Optional.of(keys);
        }
        if (!kustomization.equals("overlays/managed")) {
            return Optional.empty();
        }
        String instructions = Repository.text(Rendered.folder(kustomization).resolve("kustomization.yaml"));
        return switch (secretName) {
            case "opsplane-credentials" -> {
                assertThat(instructions).contains("create secret generic opsplane-credentials --from-env-file=credentials.env");
                Properties example = new Properties();
                try (var reader = java.nio.file.Files.newBufferedReader(Rendered.folder(kustomization).resolve("credentials.env.example"))) {
                    example.load(reader);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                yield Optional.of(example.stringPropertyNames());
            }
            case "opsplane-tls" -> {
                assertThat(instructions).contains("create secret generic opsplane-tls --from-file=ca.crt=");
                yield Optional.of(Set.of("ca.crt"));
            }
            default -> Optional.empty();
        };
    }

    private static List<PodTemplateSpec> selectedBy(Rendered rendered, Map<String, String> selector) {
        assertThat(selector).as("a selector").isNotEmpty();
        return rendered.workloads().values().stream()
                .filter(template -> template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    private static boolean hasPort(List<ContainerPort> ports, IntOrString port) {
        return ports.stream().anyMatch(candidate -> port.getStrVal() != null
                ? port.getStrVal().equals(candidate.getName())
                : port.getIntVal().equals(candidate.getContainerPort()));
    }
}
