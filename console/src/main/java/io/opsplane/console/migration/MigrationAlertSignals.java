package io.opsplane.console.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.opsplane.alerting.signal.MigrationSignals;
import io.opsplane.console.telemetry.trace.Traces;
import org.springframework.stereotype.Component;

/** Answers migration alert rules from the same server spans the migration view counts. */
@Component
class MigrationAlertSignals implements MigrationSignals {

    private final Traces traces;
    private final Migration migration;

    MigrationAlertSignals(Traces traces, Migration migration) {
        this.traces = traces;
        this.migration = migration;
    }

    @Override
    public List<RouteServer> servers(String route, Duration window, Instant now) {
        // one bucket over the whole window and no traces: only the totals are wanted
        return traces.routeTraffic(now.minus(window), now, window, 0).stream()
                .filter(t -> t.route().equals(route) && !migration.isGateway(t.service()))
                .map(t -> new RouteServer(t.service(), migration.isLegacy(t.service()), t.requests(), t.errors()))
                .toList();
    }
}
