package io.opsplane.console.telemetry.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where services run, as the resource attributes of their telemetry say: {@code service.namespace} and the
 * environment ({@code deployment.environment.name}, or {@code deployment.environment} as older semantic conventions
 * name it). A null part matches any value, so {@link #ANY} is every service.
 */
public record Deployment(String namespace, String environment) {

    public static final Deployment ANY = new Deployment(null, null);
    static final List<String> NAMESPACE_KEYS = List.of("service.namespace");
    static final List<String> ENVIRONMENT_KEYS = List.of("deployment.environment.name", "deployment.environment");

    public Deployment {
        namespace = namespace == null || namespace.isBlank() ? null : namespace.trim();
        environment = environment == null || environment.isBlank() ? null : environment.trim();
    }

    public boolean any() {
        return namespace == null && environment == null;
    }

    /** "namespace shop, environment prod". */
    public String inWords() {
        if (any()) {
            return "every namespace and environment";
        }
        return (namespace == null ? "" : "namespace " + namespace) + (namespace != null && environment != null ? ", " : "")
                + (environment == null ? "" : "environment " + environment);
    }

    /** The resource tags spans must have, by the keys any of which may carry each. */
    Map<List<String>, String> resource() {
        Map<List<String>, String> tags = new LinkedHashMap<>();
        if (namespace != null) {
            tags.put(NAMESPACE_KEYS, namespace);
        }
        if (environment != null) {
            tags.put(ENVIRONMENT_KEYS, environment);
        }
        return tags;
    }
}
