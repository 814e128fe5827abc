package io.opsplane.console.telemetry.trace;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceQuery;
import io.opsplane.console.telemetry.trace.store.TraceReader;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import org.springframework.stereotype.Service;

/**
 * Traces as the console shows them: searches, whole traces in waterfall order, the service graph,
 * per-service figures, and which sagas a trace belongs to. Storage and wire types stay inside this
 * package; Elasticsearch being away surfaces as
 * {@link io.opsplane.console.telemetry.TelemetryUnavailableException}.
 */
@Service
public class Traces {

    /** The most traces one search returns. */
    public static final int MAX_LIMIT = TraceQuery.MAX_LIMIT;

    private final TraceReader reader;
    private final SagaQueries sagas;

    Traces(TraceReader reader, SagaQueries sagas) {
        this.reader = reader;
        this.sagas = sagas;
    }

    /** Services that wrote spans within the retention Jaeger reads ({@code max-span-age}), sorted. */
    public List<String> services() {
        return reader.services().stream().sorted().toList();
    }

    /** The operation names of a service, sorted. */
    public List<String> operations(String service) {
        return reader.operations(service, null).stream().map(Map.Entry::getKey).distinct().sorted().toList();
    }

    /** The traces a search finds, the most recent first; a bad search is an {@link IllegalArgumentException}. */
    public List<TraceOverview> search(TraceSearch search) {
        if (search.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be at most " + MAX_LIMIT + ", not " + search.limit());
        }
        return reader.find(search.query()).stream().map(Traces::overview)
                .sorted(Comparator.comparing(TraceOverview::start).reversed()).toList();
    }

    /** One whole trace; empty when no span of it is stored. A malformed id is an {@link IllegalArgumentException}. */
    public Optional<TraceDetail> trace(String traceId) {
        TraceIds.validated(traceId);
        List<TraceSpan> spans = reader.trace(traceId, null, null);
        return spans.isEmpty() ? Optional.empty() : Optional.of(TraceDetail.of(spans));
    }

    /** The traces of these ids that have spans stored, earliest first. */
    public List<TraceDetail> traces(Collection<String> traceIds) {
        List<String> valid = traceIds.stream().filter(Traces::isTraceId).distinct().toList();
        return reader.traces(valid).stream().map(TraceDetail::of)
                .sorted(Comparator.comparing(TraceDetail::start)).toList();
    }

    /** Calls between services among the spans started in [from, to]. */
    public List<ServiceCall> serviceCalls(Instant from, Instant to) {
        return reader.dependencies(from, to).stream()
                .map(d -> new ServiceCall(d.parent(), d.child(), d.callCount(), d.errorCount())).toList();
    }

    /** Calls between services that no topic carried, and each service's topics, among the spans started in [from, to]. */
    public ServiceMap serviceMap(Instant from, Instant to) {
        var graph = reader.dependencyGraph(from, to);
        return new ServiceMap(graph.direct().stream()
                .map(d -> new ServiceCall(d.parent(), d.child(), d.callCount(), d.errorCount())).toList(),
                graph.topics().stream().map(t -> new TopicLink(t.service(), t.topic(), t.producer(), t.count(),
                        t.errorCount())).toList());
    }

    /** Rate, error ratio and latency percentiles of every service's spans started in [from, to]. */
    public List<ServiceHealth> serviceHealth(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the start of the window must be before its end");
        }
        return reader.red(from, to, null, null).stream().map(Traces::health)
                .sorted(Comparator.comparing(ServiceHealth::service)).toList();
    }

    /**
     * The requests {@code service} answered (its server spans) started in [from, to], or those of its
     * {@code operation} when one is given: how many, how many failed, and their latency; empty when none was seen.
     */
    public Optional<ServiceHealth> served(String service, String operation, Instant from, Instant to) {
        return reader.red(from, to, service, "server").stream()
                .filter(red -> red.name().equals(service))
                .flatMap(red -> operation == null ? Stream.of(red)
                        : red.operations().stream().filter(op -> op.name().equals(operation)))
                .findFirst()
                .map(Traces::health);
    }

    private static ServiceHealth health(TraceReader.Red red) {
        return new ServiceHealth(red.name(), red.requests(), red.ratePerSecond(), red.errors(), red.errorRatio(),
                red.p50Millis(), red.p95Millis(), red.p99Millis());
    }

    /** Rate, error ratio and latency of the services running in {@code deployment}, as {@link #serviceHealth}. */
    public List<ServiceHealth> serviceHealth(Instant from, Instant to, Deployment deployment) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the start of the window must be before its end");
        }
        return reader.red(from, to, null, null, deployment.resource()).stream().map(Traces::health)
                .sorted(Comparator.comparing(ServiceHealth::service)).toList();
    }

    /** The namespaces ({@code service.namespace}) of the spans started in [from, to], sorted. */
    public List<String> namespaces(Instant from, Instant to) {
        return reader.processTagValues(Deployment.NAMESPACE_KEYS, from, to, CHOICES);
    }

    /** The environments ({@code deployment.environment.name} or {@code deployment.environment}) of those spans, sorted. */
    public List<String> environments(Instant from, Instant to) {
        return reader.processTagValues(Deployment.ENVIRONMENT_KEYS, from, to, CHOICES);
    }

    /** The services whose spans started in [from, to] say they run in {@code deployment}. */
    public java.util.Set<String> servicesIn(Deployment deployment, Instant from, Instant to) {
        return java.util.Set.copyOf(reader.servicesWith(deployment.resource(), from, to));
    }

    /** The most namespaces or environments offered to choose from. */
    private static final int CHOICES = 200;

    /**
     * Per {@code http.route} and serving service, the server spans started in [from, to], counted per
     * {@code bucket} from {@code from}, with up to {@code traceSample} of their trace ids each.
     */
    public List<RouteTraffic> routeTraffic(Instant from, Instant to, Duration bucket, int traceSample) {
        if (!from.isBefore(to) || bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("the start of the window must be before its end, and buckets positive");
        }
        return reader.routeServings(from, to, bucket, traceSample).stream()
                .map(s -> new RouteTraffic(s.route(), s.service(), s.requests(), s.errors(), s.p95Millis(),
                        Arrays.stream(s.buckets()).boxed().toList(), s.traceIds()))
                .toList();
    }

    /** The ids of up to {@code limit} traces with a span of one of {@code services} started in [from, to], newest first. */
    public List<String> traceIdsOf(Collection<String> services, Instant from, Instant to, int limit) {
        return services.isEmpty() ? List.of() : reader.traceIdsOf(services, from, to, limit);
    }

    /** The sagas whose events carried this trace id (in any of the forms it may be stored in), newest first. */
    public List<SagaSummary> sagasOf(String traceId) {
        return sagas.withTraceId(TraceIds.storedForms(traceId));
    }

    /**
     * For each of these trace ids, the sagas whose events carried it (ids without a saga are left out), in
     * one database query.
     */
    public Map<String, List<SagaSummary>> sagasByTraceId(Collection<String> traceIds) {
        List<String> valid = traceIds.stream().filter(Traces::isTraceId).distinct().toList();
        List<SagaSummary> found = sagas.withTraceId(valid.stream().flatMap(id -> TraceIds.storedForms(id).stream())
                .distinct().toList());
        Map<String, List<SagaSummary>> byId = new LinkedHashMap<>();
        for (String id : valid) {
            for (SagaSummary saga : found) {
                if (saga.traceIds().stream().anyMatch(carried -> TraceIds.same(carried, id))) {
                    byId.computeIfAbsent(id, k -> new ArrayList<>()).add(saga);
                }
            }
        }
        return byId;
    }

    /** The id in Jaeger's canonical text (16 hex digits for 64-bit ids, else 32), or an {@link IllegalArgumentException}. */
    public static String canonicalId(String traceId) {
        return TraceIds.canonical(traceId);
    }

    /** The id as 32 hex digits, the form OpenTelemetry (and so the log records) carry. */
    public static String fullId(String traceId) {
        String hex = TraceIds.validated(traceId);
        return "0".repeat(32 - hex.length()) + hex;
    }

    public static boolean isTraceId(String id) {
        try {
            TraceIds.validated(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static TraceOverview overview(List<TraceSpan> spans) {
        TraceSummary summary = TraceSummary.of(spans, false);
        return new TraceOverview(summary.traceId(), summary.rootService(), summary.rootOperation(), summary.start(),
                Duration.of(summary.durationMicros(), ChronoUnit.MICROS),
                summary.spanCount(), summary.errorCount(),
                spans.stream().map(s -> s.process().serviceName()).distinct().sorted().toList());
    }
}
