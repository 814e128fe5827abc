package io.opsplane.console.ui.shell;

import java.util.Set;

import io.opsplane.console.telemetry.trace.Deployment;

/**
 * What the overview is narrowed to: a namespace and/or environment, and the services whose telemetry says they run
 * there ({@code services} null: not narrowed, every service).
 */
public record OverviewScope(Deployment deployment, Set<String> services) {

    public static final OverviewScope EVERYTHING = new OverviewScope(Deployment.ANY, null);

    public boolean everything() {
        return services == null;
    }

    /** Whether the service runs in the chosen namespace/environment (always, when not narrowed). */
    public boolean includes(String service) {
        return services == null || services.contains(service);
    }
}
