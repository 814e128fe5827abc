package io.opsplane.console.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.trace.RouteTraffic;
import io.opsplane.console.telemetry.trace.Traces;
import org.springframework.stereotype.Service;

/**
 * The strangler-fig migration from the edge: for each {@code http.route} served by more than one service (or by a
 * legacy one), which services answered it over time and how each fared, so the team can tell when the new service
 * is ready to take all of a route. Legacy services are named by {@code opsplane.migration.legacy-services}.
 */
@Service
public class Migration {

    /** Traces sampled per service and route to find the sagas its requests started. */
    static final int TRACE_SAMPLE = 200;
    /** About this many time buckets per window, so a chart has points enough and the answer stays small. */
    private static final int BUCKETS = 60;

    private final Traces traces;
    private final Set<String> legacy;
    private final Set<String> gateways;

    Migration(Traces traces, MigrationProperties properties) {
        this.traces = traces;
        this.legacy = properties.legacy();
        this.gateways = properties.gateways();
    }

    /** The configured legacy services, sorted. */
    public List<String> legacyServices() {
        return legacy.stream().sorted().toList();
    }

    public boolean isGateway(String service) {
        return gateways.contains(service);
    }

    public boolean isLegacy(String service) {
        return legacy.contains(service);
    }

    /** Those of {@code services} that are legacy, sorted. */
    public List<String> legacyAmong(Collection<String> services) {
        return services.stream().filter(legacy::contains).distinct().sorted().toList();
    }

    /**
     * The sagas whose events carry a trace in which a legacy service has a span started in [from, to]: the sagas
     * that run through legacy, found from up to {@code limit} of the newest such traces.
     */
    public Set<Long> sagasThroughLegacy(Instant from, Instant to, int limit) {
        Set<Long> ids = new HashSet<>();
        traces.sagasByTraceId(traces.traceIdsOf(legacy, from, to, limit)).values()
                .forEach(sagas -> sagas.forEach(saga -> ids.add(saga.id())));
        return ids;
    }

    /**
     * The routes served in [from, to]: those a gateway forwarded, a legacy service answered, or more than one
     * service did, the busiest first; a route only one new service ever answered, behind no gateway, is not a
     * migration and is left out.
     */
    public List<RouteMigration> routes(Instant from, Instant to) {
        Duration bucket = bucketFor(from, to);
        Map<String, List<RouteTraffic>> byRoute = new LinkedHashMap<>();
        Set<String> forwarded = new HashSet<>();
        for (RouteTraffic traffic : traces.routeTraffic(from, to, bucket, TRACE_SAMPLE)) {
            if (gateways.contains(traffic.service())) {
                forwarded.add(traffic.route());
                continue;
            }
            byRoute.computeIfAbsent(traffic.route(), r -> new ArrayList<>()).add(traffic);
        }
        List<RouteMigration> routes = new ArrayList<>();
        for (Map.Entry<String, List<RouteTraffic>> route : byRoute.entrySet()) {
            List<RouteTraffic> servers = route.getValue();
            if (servers.size() < 2 && !forwarded.contains(route.getKey())
                    && servers.stream().noneMatch(s -> legacy.contains(s.service()))) {
                continue;
            }
            long requests = servers.stream().mapToLong(RouteTraffic::requests).sum();
            List<Backend> backends = new ArrayList<>();
            for (RouteTraffic server : servers) {
                int[] sagas = sagaOutcomes(server.traceIds());
                backends.add(new Backend(server.service(), legacy.contains(server.service()), server.requests(),
                        requests == 0 ? 0 : (double) server.requests() / requests, server.errors(), server.errorRatio(),
                        server.p95Millis(), server.perBucket(), sagas[0], sagas[1]));
            }
            // legacy first, as the team reads it: from the old to the new
            backends.sort(Comparator.comparing((Backend b) -> !b.legacy()).thenComparing(Backend::service));
            routes.add(new RouteMigration(route.getKey(), requests, from, bucket, backends));
        }
        routes.sort(Comparator.comparingLong(RouteMigration::requests).reversed().thenComparing(RouteMigration::route));
        return routes;
    }

    /** Of the sagas whose events carry one of these traces: how many, and how many completed. */
    private int[] sagaOutcomes(List<String> traceIds) {
        if (traceIds.isEmpty()) {
            return new int[2];
        }
        Set<Long> seen = new HashSet<>();
        int completed = 0;
        for (List<SagaSummary> sagas : traces.sagasByTraceId(traceIds).values()) {
            for (SagaSummary saga : sagas) {
                if (seen.add(saga.id()) && saga.status() == SagaStatus.COMPLETED) {
                    completed++;
                }
            }
        }
        return new int[] {seen.size(), completed};
    }

    /** A round bucket giving about {@link #BUCKETS} points over the window, never under ten seconds. */
    static Duration bucketFor(Instant from, Instant to) {
        long seconds = Math.max(10, Duration.between(from, to).toSeconds() / BUCKETS);
        for (long round : new long[] {10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200}) {
            if (seconds <= round) {
                return Duration.ofSeconds(round);
            }
        }
        return Duration.ofDays(1);
    }
}
