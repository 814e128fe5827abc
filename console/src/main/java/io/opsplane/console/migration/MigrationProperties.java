package io.opsplane.console.migration;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The strangler-fig migration as the migration view sees it.
 *
 * @param legacyServices the service names (as their spans report them) of the system being replaced: the
 *                       monolith and whatever else is on its way out. Every other service counts as new.
 */
@ConfigurationProperties("opsplane.migration")
public record MigrationProperties(List<String> legacyServices) {

    public MigrationProperties {
        legacyServices = legacyServices == null ? List.of()
                : legacyServices.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    Set<String> legacy() {
        return Set.copyOf(legacyServices);
    }
}
