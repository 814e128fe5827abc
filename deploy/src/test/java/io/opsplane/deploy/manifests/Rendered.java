package io.opsplane.deploy.manifests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** One kustomization rendered and loaded strictly: its objects by kind, with the lookups the tests need. */
final class Rendered {

    final String name;
    final List<Object> objects = new ArrayList<>();

    private Rendered(String name) {
        this.name = name;
    }

    static Rendered of(String kustomization) {
        Rendered rendered = new Rendered(kustomization);
        for (JsonNode manifest : Kustomize.render(Repository.path("deploy/kubernetes/" + kustomization))) {
            rendered.objects.add(StrictKubernetes.load(manifest));
        }
        return rendered;
    }

    <T> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream().filter(object -> name.equals(metadataName(object))).findFirst();
    }

    <T> T get(Class<T> kind, String name) {
        return find(kind, name).orElseThrow(() ->
                new AssertionError(this.name + " has no " + kind.getSimpleName() + " " + name));
    }

    /** Deployments and StatefulSets by name, with their pod templates. */
    Map<String, PodTemplateSpec> workloads() {
        Map<String, PodTemplateSpec> workloads = new java.util.LinkedHashMap<>();
        all(Deployment.class).forEach(d -> workloads.put("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> workloads.put("StatefulSet " + s.getMetadata().getName(), s.getSpec().getTemplate()));
        return workloads;
    }

    Container container(String deployment, String container) {
        return get(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment + " has no container " + container));
    }

    /** A ConfigMap by the name written in the kustomization (rendered with a content hash suffix). */
    ConfigMap configMap(String generatedName) {
        return all(ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().equals(generatedName)
                        || map.getMetadata().getName().matches(java.util.regex.Pattern.quote(generatedName) + "-[a-z0-9]{10}"))
                .findFirst().orElseThrow(() -> new AssertionError(name + " has no ConfigMap " + generatedName));
    }

    Optional<Secret> secret(String secretName) {
        return find(Secret.class, secretName);
    }

    Optional<Service> service(String serviceName) {
        return find(Service.class, serviceName);
    }

    static String metadataName(Object object) {
        if (object instanceof io.fabric8.kubernetes.api.model.HasMetadata hasMetadata) {
            return hasMetadata.getMetadata().getName();
        }
        throw new IllegalArgumentException(object.getClass() + " has no metadata");
    }

    static Path folder(String kustomization) {
        return Repository.path("deploy/kubernetes/" + kustomization);
    }
}
