package io.opsplane.console.migration;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The strangler-fig migration as the migration view sees it.
 *
 * @param legacyServices  the service names (as their spans report them) of the system being replaced: the
 *                        monolith and whatever else is on its way out. Every other service counts as new.
 * @param gatewayServices the services that route requests on (the API gateway): the edge itself, not a backend
 *                        of the routes it forwards, so they are left out of the shares.
 */
@ConfigurationProperties("opsplane.migration")
public record MigrationProperties(List<String> legacyServices, List<String> gatewayServices) {

    public MigrationProperties {
        legacyServices = names(legacyServices);
        gatewayServices = names(gatewayServices);
    }

    private static List<String> names(List<String> names) {
        return names == null ? List.of() : names.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    Set<String> legacy() {
        return Set.copyOf(legacyServices);
    }

    Set<String> gateways() {
        return Set.copyOf(gatewayServices);
    }
}
