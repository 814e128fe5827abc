package io.opsplane.console.definition;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Definitions name a step's service briefly ("payment"); traces, logs and consumer groups often carry a longer
 * name ("payment-service", "payment-worker"). A name is the service's when it is the same, or starts with it and
 * a dash; the shortest such name wins.
 */
public final class ServiceNames {

    private ServiceNames() {
    }

    public static boolean belongsTo(String name, String service) {
        return name != null && service != null && (name.equals(service) || name.startsWith(service + "-"));
    }

    public static Optional<String> find(Collection<String> names, String service) {
        return names.stream().filter(name -> belongsTo(name, service))
                .min(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
    }
}
