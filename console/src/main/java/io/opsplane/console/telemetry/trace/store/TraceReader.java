package io.opsplane.console.telemetry.trace.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.telemetry.es.Elasticsearch;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Jaeger's span and service indices as Jaeger's Elasticsearch reader does: trace ids found by a
 * terms aggregation (most recent first), then their spans fetched; plain queries and aggregations only.
 */
@Component
public class TraceReader {

    static final int PAGE = 10_000;
    /** Spans asked for first: a whole trace or a page of found traces as most shops' traces are, in one request. */
    static final int FIRST_PAGE = 1_000;
    private static final int MAX_NAMES = 10_000;
    /** Where a tag may be stored: as nested key/value lists, or (Jaeger's tags-as-fields) as object fields. */
    private static final List<String> NESTED_TAG_PATHS = List.of("tags", "process.tags", "logs.fields", "scopeTags",
            "references.tags");
    private static final List<String> OBJECT_TAG_PATHS = List.of("tag", "process.tag", "scopeTag");

    private final Elasticsearch es;
    private final JaegerIndices indices;
    private final TraceSettings settings;

    TraceReader(Elasticsearch es, JaegerIndices indices, TraceSettings settings) {
        this.es = es;
        this.indices = indices;
        this.settings = settings;
    }

    public List<String> services() {
        Instant now = Instant.now();
        ObjectNode body = body(0);
        terms(body.putObject("aggs").putObject("services"), "serviceName", MAX_NAMES);
        JsonNode result = es.search(indices.serviceTargets(now.minus(settings.maxSpanAge), now), body);
        return keys(result.path("aggregations").path("services"));
    }

    /** Operation names of a service with their span kind; the kind is known only when asked for one. */
    public List<Map.Entry<String, String>> operations(String service, String spanKind) {
        Instant now = Instant.now();
        ObjectNode body = body(0);
        List<Map.Entry<String, String>> operations = new ArrayList<>();
        if (spanKind == null || spanKind.isEmpty()) {
            body.putObject("query").putObject("term").put("serviceName", service);
            terms(body.putObject("aggs").putObject("operations"), "operationName", MAX_NAMES);
            JsonNode result = es.search(indices.serviceTargets(now.minus(settings.maxSpanAge), now), body);
            keys(result.path("aggregations").path("operations")).forEach(name -> operations.add(Map.entry(name, "")));
        } else {
            ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
            filter.addObject().putObject("term").put("process.serviceName", service);
            filter.add(spanTag("span.kind", spanKind));
            terms(body.putObject("aggs").putObject("operations"), "operationName", MAX_NAMES);
            JsonNode result = es.search(indices.spanTargets(now.minus(settings.maxSpanAge), now), body);
            keys(result.path("aggregations").path("operations"))
                    .forEach(name -> operations.add(Map.entry(name, spanKind)));
        }
        return operations;
    }

    /** Every span of the trace, oldest first; empty when there is none. Within [from, to] when given. */
    public List<TraceSpan> trace(String traceId, Instant from, Instant to) {
        String targets = from != null && to != null ? indices.spanTargets(from.minus(Duration.ofHours(1)),
                to.plus(Duration.ofHours(1))) : indices.allSpans();
        return spansOf(List.of(traceId), targets);
    }

    /** The traces a search finds, most recent first, each as its spans. */
    public List<List<TraceSpan>> find(TraceQuery query) {
        List<String> ids = findTraceIds(query);
        if (ids.isEmpty()) {
            return List.of();
        }
        // a trace found in the window may reach a little beyond it, as Jaeger allows for
        String targets = indices.spanTargets(query.startMin().minus(Duration.ofHours(1)),
                query.startMax().plus(Duration.ofHours(1)));
        return byTrace(ids, spansOf(ids, targets));
    }

    /** The spans of the given traces (any stored id form), grouped per trace in the order of {@code ids}. */
    public List<List<TraceSpan>> traces(List<String> ids) {
        return ids.isEmpty() ? List.of() : byTrace(ids, spansOf(ids, indices.allSpans()));
    }

    private static List<List<TraceSpan>> byTrace(List<String> ids, List<TraceSpan> spans) {
        Map<String, List<TraceSpan>> grouped = new LinkedHashMap<>();
        ids.forEach(id -> grouped.put(TraceIds.canonical(id), new ArrayList<>()));
        for (TraceSpan span : spans) {
            // an id stored in its canonical form is found as it is; only the other forms are converted
            List<TraceSpan> trace = grouped.get(span.traceId());
            if (trace == null) {
                trace = grouped.get(TraceIds.canonical(span.traceId()));
            }
            if (trace != null) {
                trace.add(span);
            }
        }
        return grouped.values().stream().filter(t -> !t.isEmpty()).toList();
    }

    public List<String> findTraceIds(TraceQuery query) {
        ObjectNode body = body(0);
        ArrayNode must = body.putObject("query").putObject("bool").putArray("must");
        if (query.durationMinMicros() != null || query.durationMaxMicros() != null) {
            ObjectNode range = must.addObject().putObject("range").putObject("duration");
            range.put("gte", query.durationMinMicros() == null ? 0 : query.durationMinMicros());
            range.put("lte", query.durationMaxMicros() == null ? Duration.ofDays(1).toNanos() / 1000
                    : query.durationMaxMicros());
        }
        must.add(startRange(query.startMin(), query.startMax()));
        if (query.service() != null && !query.service().isEmpty()) {
            must.addObject().putObject("term").put("process.serviceName", query.service());
        }
        if (query.operation() != null && !query.operation().isEmpty()) {
            must.addObject().putObject("term").put("operationName", query.operation());
        }
        for (Map.Entry<String, String> tag : query.tags().entrySet()) {
            must.add(tagQuery(tag.getKey(), tag.getValue()));
        }
        ObjectNode traceIds = body.putObject("aggs").putObject("traceIDs");
        ObjectNode agg = traceIds.putObject("terms");
        agg.put("field", "traceID");
        agg.put("size", query.limit());
        agg.putObject("order").put("startTime", "desc");
        traceIds.putObject("aggs").putObject("startTime").putObject("max").put("field", "startTime");
        JsonNode result = es.search(indices.spanTargets(query.startMin(), query.startMax()), body);
        return keys(result.path("aggregations").path("traceIDs"));
    }

    /** A tag anywhere Jaeger looks: span, process, log, scope and link tags, nested or as object fields. */
    ObjectNode tagQuery(String key, String valuePattern) {
        ObjectNode query = SpanDocuments.JSON.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        String fieldKey = settings.dotReplacement.isEmpty() ? key : key.replace(".", settings.dotReplacement);
        // Jaeger reads a tag value as a regular expression. Most values are plain text, and for those a term
        // query finds the same spans without running an automaton over every stored value.
        boolean pattern = !isLiteral(valuePattern);
        for (String path : OBJECT_TAG_PATHS) {
            should.addObject().putObject(pattern ? "regexp" : "term").put(path + "." + fieldKey, valuePattern);
        }
        for (String path : NESTED_TAG_PATHS) {
            should.add(nestedTag(path, key, valuePattern, pattern));
        }
        return query;
    }

    /** Whether Lucene's regular-expression syntax reads {@code value} as itself: none of its operator characters. */
    static boolean isLiteral(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (REGEXP_OPERATORS.indexOf(value.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Lucene RegExp's reserved characters, with every optional syntax flag ES enables by default. */
    private static final String REGEXP_OPERATORS = ".?+*|{}[]()\\\"#@&<>~^$";

    static ObjectNode nestedTag(String path, String key, String value, boolean pattern) {
        ObjectNode nested = SpanDocuments.JSON.createObjectNode();
        ObjectNode n = nested.putObject("nested");
        n.put("path", path);
        ArrayNode must = n.putObject("query").putObject("bool").putArray("must");
        must.addObject().putObject("term").put(path + ".key", key);
        must.addObject().putObject(pattern ? "regexp" : "term").put(path + ".value", value);
        return nested;
    }

    /** A span tag with exactly this value, nested or as an object field. */
    private ObjectNode spanTag(String key, String value) {
        ObjectNode query = SpanDocuments.JSON.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        should.add(nestedTag("tags", key, value, false));
        should.addObject().putObject("term").put("tag." + key.replace(".", settings.dotReplacement), value);
        return query;
    }

    /** A span that failed: Jaeger's {@code error=true} tag, nested or as an object field. */
    static ObjectNode errorQuery() {
        ObjectNode query = SpanDocuments.JSON.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        should.add(nestedTag("tags", "error", "true", false));
        should.addObject().putObject("term").put("tag.error", "true");
        return query;
    }

    static ObjectNode startRange(Instant from, Instant to) {
        ObjectNode range = SpanDocuments.JSON.createObjectNode();
        ObjectNode r = range.putObject("range").putObject("startTimeMillis");
        r.put("gte", from.toEpochMilli());
        r.put("lte", to.toEpochMilli());
        return range;
    }

    /**
     * The spans of the traces, oldest first: a first page that holds most traces whole, then full pages. The node
     * keeps a queue as long as the page asks for, so a smaller first page costs it less; the count it answers with
     * says when that page was all, without another request.
     */
    private List<TraceSpan> spansOf(List<String> ids, String targets) {
        ObjectNode body = body(FIRST_PAGE);
        ArrayNode forms = body.putObject("query").putObject("bool").putArray("filter").addObject()
                .putObject("terms").putArray("traceID");
        ids.stream().flatMap(id -> TraceIds.storedForms(id).stream()).distinct().forEach(forms::add);
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("startTime", "asc");
        sort.addObject().put("spanID", "asc");
        sort.addObject().put("traceID", "asc");
        List<TraceSpan> spans = new ArrayList<>();
        int size = FIRST_PAGE;
        while (true) {
            Elasticsearch.Hits<TraceSpan> page = es.searchHits(targets, body, this::span);
            spans.addAll(page.sources());
            if (page.sources().size() < size || page.allRead(spans.size())) {
                return spans;
            }
            size = PAGE;
            body.put("size", size);
            body.set("search_after", page.lastSort());
        }
    }

    private TraceSpan span(JsonParser source) {
        return SpanDocumentReader.read(source, settings.dotReplacement);
    }

    static ObjectNode body(int size) {
        ObjectNode body = SpanDocuments.JSON.createObjectNode();
        body.put("size", size);
        return body;
    }

    static void terms(ObjectNode aggregation, String field, int size) {
        ObjectNode terms = aggregation.putObject("terms");
        terms.put("field", field);
        terms.put("size", size);
    }

    static List<String> keys(JsonNode aggregation) {
        List<String> keys = new ArrayList<>();
        for (JsonNode bucket : aggregation.path("buckets")) {
            keys.add(bucket.path("key").asString());
        }
        return keys;
    }

    /** Service-to-service calls: parent and child spans of different services in one trace. */
    public record Dependency(String parent, String child, long callCount, long errorCount) {
    }

    /** A service publishing to ({@code producer}) or consuming from a topic, as its spans' messaging attributes say. */
    public record TopicEdge(String service, String topic, boolean producer, long count, long errorCount) {
    }

    /**
     * Service-to-service calls as Jaeger counts them ({@code calls}); the same without a consumer's call from the
     * producer whose message it took, when a topic carried it ({@code direct}); and the topic edges.
     */
    public record DependencyGraph(List<Dependency> calls, List<Dependency> direct, List<TopicEdge> topics) {
    }

    /** Jaeger's dependency graph: parent and child spans of different services. */
    public List<Dependency> dependencies(Instant from, Instant to) {
        return dependencyGraph(from, to).calls();
    }

    /**
     * The dependency graph over the spans started in the window, with the topics between services: spans are read
     * in trace order (only the fields needed), one trace held at a time, at most {@code dependency-max-spans} of them.
     */
    public DependencyGraph dependencyGraph(Instant from, Instant to) {
        ObjectNode body = body(5_000);
        body.putObject("query").putObject("bool").putArray("filter").add(startRange(from, to));
        ArrayNode source = body.putArray("_source");
        List.of("traceID", "spanID", "parentSpanID", "references.refType", "references.traceID",
                "references.spanID", "process.serviceName", "tags.key", "tags.value", "tag").forEach(source::add);
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("traceID", "asc");
        sort.addObject().put("spanID", "asc");
        sort.addObject().put("startTime", "asc");
        Edges edges = new Edges();
        List<TraceSpan> trace = new ArrayList<>();
        String targets = indices.spanTargets(from, to);
        int read = 0;
        while (read < settings.dependencyMaxSpans) {
            Elasticsearch.Hits<TraceSpan> page = es.searchHits(targets, body, this::span);
            for (TraceSpan span : page.sources()) {
                if (!trace.isEmpty() && !trace.getFirst().traceId().equals(span.traceId())) {
                    countEdges(trace, edges);
                    trace.clear();
                }
                trace.add(span);
                read++;
            }
            if (page.sources().size() < 5_000) {
                break;
            }
            body.set("search_after", page.lastSort());
        }
        countEdges(trace, edges);
        return new DependencyGraph(Edges.dependencies(edges.all), Edges.dependencies(edges.direct),
                Edges.topics(edges.topics));
    }

    /** Counts of calls and errors per "from NL to" (topic edges: "service NL topic NL producer|consumer"). */
    private static final class Edges {
        final Map<String, long[]> all = new LinkedHashMap<>();
        final Map<String, long[]> direct = new LinkedHashMap<>();
        final Map<String, long[]> topics = new LinkedHashMap<>();

        static void count(Map<String, long[]> edges, String key, boolean error) {
            long[] counts = edges.computeIfAbsent(key, k -> new long[2]);
            counts[0]++;
            if (error) {
                counts[1]++;
            }
        }

        static List<Dependency> dependencies(Map<String, long[]> edges) {
            List<Dependency> out = new ArrayList<>();
            edges.forEach((key, counts) -> {
                String[] parts = key.split("\n", 2);
                out.add(new Dependency(parts[0], parts[1], counts[0], counts[1]));
            });
            return out;
        }

        static List<TopicEdge> topics(Map<String, long[]> edges) {
            List<TopicEdge> out = new ArrayList<>();
            edges.forEach((key, counts) -> {
                String[] parts = key.split("\n", 3);
                out.add(new TopicEdge(parts[0], parts[1], parts[2].equals("producer"), counts[0], counts[1]));
            });
            return out;
        }
    }

    private static void countEdges(List<TraceSpan> trace, Edges edges) {
        Map<String, TraceSpan> byId = new HashMap<>();
        for (TraceSpan span : trace) {
            byId.put(span.spanId(), span);
        }
        for (TraceSpan span : trace) {
            String service = span.process().serviceName();
            String kind = tag(span, "span.kind");
            String destination = destination(span);
            TraceSpan parent = span.parent() == null ? null : byId.get(span.parent());
            boolean fromProducer = parent != null && "producer".equals(tag(parent, "span.kind"));
            boolean viaTopic = false;
            if ("producer".equals(kind) && destination != null) {
                Edges.count(edges.topics, service + "\n" + destination + "\nproducer", span.hasError());
            } else if ("consumer".equals(kind)) {
                String topic = destination != null ? destination : fromProducer ? destination(parent) : null;
                if (topic != null) {
                    Edges.count(edges.topics, service + "\n" + topic + "\nconsumer", span.hasError());
                    viaTopic = fromProducer;
                }
            }
            String parentService = parent == null ? null : parent.process().serviceName();
            if (parentService != null && !parentService.equals(service)) {
                Edges.count(edges.all, parentService + "\n" + service, span.hasError());
                if (!viaTopic) {
                    Edges.count(edges.direct, parentService + "\n" + service, span.hasError());
                }
            }
        }
    }

    /** The topic a messaging span names, under the current semantic conventions' name or the older one. */
    private static String destination(TraceSpan span) {
        String name = tag(span, "messaging.destination.name");
        return name != null ? name : tag(span, "messaging.destination");
    }

    private static String tag(TraceSpan span, String key) {
        for (TraceSpan.Tag tag : span.tags()) {
            if (tag.key().equals(key) && tag.value() != null) {
                return String.valueOf(tag.value());
            }
        }
        return null;
    }

    /** Request, error and duration figures of one service or operation over a window. */
    public record Red(String name, long requests, double ratePerSecond, long errors, double errorRatio, double p50Millis,
               double p95Millis, double p99Millis, List<Red> operations) {
    }

    /** RED figures per service (or the one given) and per operation, of spans of the kind given (any when null). */
    public List<Red> red(Instant from, Instant to, String service, String spanKind) {
        return red(from, to, service, spanKind, Map.of());
    }

    /**
     * RED figures as {@link #red(Instant, Instant, String, String)}, of the spans whose process (resource) has, for
     * each entry of {@code resource}, one of the keys with the value (e.g. {@code deployment.environment} or
     * {@code deployment.environment.name} = {@code prod}).
     */
    public List<Red> red(Instant from, Instant to, String service, String spanKind,
                         Map<List<String>, String> resource) {
        ObjectNode body = body(0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(startRange(from, to));
        resource.forEach((keys, value) -> filter.add(processTag(keys, value)));
        if (service != null && !service.isEmpty()) {
            filter.addObject().putObject("term").put("process.serviceName", service);
        }
        if (spanKind != null && !spanKind.isEmpty()) {
            filter.add(spanTag("span.kind", spanKind));
        }
        ObjectNode services = body.putObject("aggs").putObject("services");
        terms(services, "process.serviceName", 1_000);
        ObjectNode serviceAggs = services.putObject("aggs");
        figures(serviceAggs);
        ObjectNode operations = serviceAggs.putObject("operations");
        terms(operations, "operationName", 1_000);
        figures(operations.putObject("aggs"));
        JsonNode result = es.search(indices.spanTargets(from, to), body);
        double seconds = Math.max(1, Duration.between(from, to).toMillis() / 1000.0);
        List<Red> figures = new ArrayList<>();
        for (JsonNode bucket : result.path("aggregations").path("services").path("buckets")) {
            List<Red> perOperation = new ArrayList<>();
            for (JsonNode op : bucket.path("operations").path("buckets")) {
                perOperation.add(red(op, seconds, List.of()));
            }
            figures.add(red(bucket, seconds, perOperation));
        }
        return figures;
    }

    private static void figures(ObjectNode aggs) {
        ObjectNode latency = aggs.putObject("latency").putObject("percentiles");
        latency.put("field", "duration");
        latency.putArray("percents").add(50).add(95).add(99);
        aggs.putObject("errors").set("filter", errorQuery());
    }

    private static Red red(JsonNode bucket, double seconds, List<Red> operations) {
        long count = bucket.path("doc_count").asLong();
        long errors = bucket.path("errors").path("doc_count").asLong();
        JsonNode values = bucket.path("latency").path("values");
        return new Red(bucket.path("key").asString(), count, count / seconds, errors,
                count == 0 ? 0 : (double) errors / count, values.path("50.0").asDouble() / 1000,
                values.path("95.0").asDouble() / 1000, values.path("99.0").asDouble() / 1000, operations);
    }

    /** A process (resource) tag with one of these keys and exactly this value, nested or as an object field. */
    private ObjectNode processTag(List<String> keys, String value) {
        ObjectNode query = SpanDocuments.JSON.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        for (String key : keys) {
            should.add(nestedTag("process.tags", key, value, false));
            should.addObject().putObject("term").put(processTagField(key), value);
        }
        return query;
    }

    private String processTagField(String key) {
        return "process.tag." + (settings.dotReplacement.isEmpty() ? key : key.replace(".", settings.dotReplacement));
    }

    /**
     * The values of process (resource) tags with one of {@code keys} among the spans started in [from, to], sorted,
     * up to {@code limit}: e.g. the namespaces ({@code service.namespace}) services report.
     */
    public List<String> processTagValues(List<String> keys, Instant from, Instant to, int limit) {
        ObjectNode body = body(0);
        body.putObject("query").putObject("bool").putArray("filter").add(startRange(from, to));
        ObjectNode aggs = body.putObject("aggs");
        ObjectNode nested = aggs.putObject("nested");
        nested.putObject("nested").put("path", "process.tags");
        ObjectNode withKey = nested.putObject("aggs").putObject("with_key");
        ArrayNode keyTerms = withKey.putObject("filter").putObject("terms").putArray("process.tags.key");
        keys.forEach(keyTerms::add);
        terms(withKey.putObject("aggs").putObject("values"), "process.tags.value", limit);
        for (int i = 0; i < keys.size(); i++) {
            terms(aggs.putObject("field_" + i), processTagField(keys.get(i)), limit);
        }
        JsonNode result = es.search(indices.spanTargets(from, to), body).path("aggregations");
        java.util.TreeSet<String> values = new java.util.TreeSet<>(keys(result.path("nested").path("with_key")
                .path("values")));
        for (int i = 0; i < keys.size(); i++) {
            values.addAll(keys(result.path("field_" + i)));
        }
        return values.stream().limit(limit).toList();
    }

    /** The services with spans started in [from, to] whose process has the {@code resource} tags (see {@link #red}). */
    public List<String> servicesWith(Map<List<String>, String> resource, Instant from, Instant to) {
        ObjectNode body = body(0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(startRange(from, to));
        resource.forEach((keys, value) -> filter.add(processTag(keys, value)));
        terms(body.putObject("aggs").putObject("services"), "process.serviceName", MAX_NAMES);
        return keys(es.search(indices.spanTargets(from, to), body).path("aggregations").path("services"));
    }

    /** The ids of the traces with a span of one of {@code services} started in [from, to], the most recent first. */
    public List<String> traceIdsOf(Collection<String> services, Instant from, Instant to, int limit) {
        ObjectNode body = body(0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(startRange(from, to));
        ArrayNode names = filter.addObject().putObject("terms").putArray("process.serviceName");
        services.forEach(names::add);
        ObjectNode traces = body.putObject("aggs").putObject("traces");
        terms(traces, "traceID", limit);
        ((ObjectNode) traces.get("terms")).putObject("order").put("latest", "desc");
        traces.putObject("aggs").putObject("latest").putObject("max").put("field", "startTime");
        return keys(es.search(indices.spanTargets(from, to), body).path("aggregations").path("traces"));
    }

    /**
     * What one service answered on one route: its server spans carrying that {@code http.route}, with their
     * figures, their counts per time bucket ({@code buckets[i]} spans started in the i-th bucket from
     * {@code from}), and some of their trace ids (the most recent first, up to {@code traceSample}).
     */
    public record RouteServing(String route, String service, long requests, long errors, double p95Millis,
                               long[] buckets, List<String> traceIds) {
    }

    /**
     * Server spans by {@code http.route} and service in [from, to], counted per {@code bucket}. Reads the route
     * whether it is stored as a nested tag or (tags-as-fields) as an object field.
     */
    public List<RouteServing> routeServings(Instant from, Instant to, Duration bucket, int traceSample) {
        ObjectNode body = body(0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(startRange(from, to));
        filter.add(spanTag("span.kind", "server"));
        ObjectNode aggs = body.putObject("aggs");
        // nested: services -> tags -> key=http.route -> value -> back to the span
        ObjectNode nestedServices = aggs.putObject("nested_services");
        terms(nestedServices, "process.serviceName", 1_000);
        ObjectNode tags = nestedServices.putObject("aggs").putObject("tags");
        tags.putObject("nested").put("path", "tags");
        ObjectNode routeTag = tags.putObject("aggs").putObject("route_tag");
        routeTag.putObject("filter").putObject("term").put("tags.key", "http.route");
        ObjectNode nestedRoutes = routeTag.putObject("aggs").putObject("routes");
        terms(nestedRoutes, "tags.value", 1_000);
        ObjectNode spans = nestedRoutes.putObject("aggs").putObject("spans");
        spans.putObject("reverse_nested");
        servingFigures(spans.putObject("aggs"), from, to, bucket, traceSample);
        // tags as fields: services -> tag.http@route
        ObjectNode fieldServices = aggs.putObject("field_services");
        terms(fieldServices, "process.serviceName", 1_000);
        ObjectNode fieldRoutes = fieldServices.putObject("aggs").putObject("routes");
        terms(fieldRoutes, "tag." + "http.route".replace(".", settings.dotReplacement), 1_000);
        servingFigures(fieldRoutes.putObject("aggs"), from, to, bucket, traceSample);

        JsonNode result = es.search(indices.spanTargets(from, to), body).path("aggregations");
        int bucketCount = (int) Math.max(1, (Duration.between(from, to).toMillis() + bucket.toMillis() - 1)
                / bucket.toMillis());
        Map<String, RouteServing> servings = new LinkedHashMap<>();
        for (JsonNode service : result.path("nested_services").path("buckets")) {
            for (JsonNode route : service.path("tags").path("route_tag").path("routes").path("buckets")) {
                merge(servings, serving(route.path("key").asString(), service.path("key").asString(),
                        route.path("spans"), from, bucket, bucketCount));
            }
        }
        for (JsonNode service : result.path("field_services").path("buckets")) {
            for (JsonNode route : service.path("routes").path("buckets")) {
                merge(servings, serving(route.path("key").asString(), service.path("key").asString(), route, from,
                        bucket, bucketCount));
            }
        }
        return List.copyOf(servings.values());
    }

    private static void servingFigures(ObjectNode aggs, Instant from, Instant to, Duration bucket, int traceSample) {
        figures(aggs);
        ObjectNode histogram = aggs.putObject("over_time").putObject("date_histogram");
        histogram.put("field", "startTimeMillis");
        histogram.put("fixed_interval", bucket.toMillis() + "ms");
        histogram.put("offset", Math.floorMod(from.toEpochMilli(), bucket.toMillis()) + "ms");
        histogram.put("min_doc_count", 1);
        if (traceSample <= 0) {
            return;
        }
        ObjectNode traces = aggs.putObject("traces");
        terms(traces, "traceID", traceSample);
        ((ObjectNode) traces.get("terms")).putObject("order").put("latest", "desc");
        traces.putObject("aggs").putObject("latest").putObject("max").put("field", "startTime");
    }

    private static RouteServing serving(String route, String service, JsonNode figures, Instant from, Duration bucket,
                                        int bucketCount) {
        long[] counts = new long[bucketCount];
        for (JsonNode b : figures.path("over_time").path("buckets")) {
            long index = (b.path("key").asLong() - from.toEpochMilli()) / bucket.toMillis();
            counts[(int) Math.clamp(index, 0, bucketCount - 1)] += b.path("doc_count").asLong();
        }
        Red red = red(figures, 1, List.of());
        return new RouteServing(route, service, figures.path("doc_count").asLong(), red.errors(), red.p95Millis(),
                counts, keys(figures.path("traces")));
    }

    /** A route and service found in both tag forms (spans written by different writers): counts add up. */
    private static void merge(Map<String, RouteServing> servings, RouteServing serving) {
        servings.merge(serving.route() + "\n" + serving.service(), serving, (a, b) -> {
            long[] buckets = a.buckets().clone();
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += b.buckets()[i];
            }
            List<String> traceIds = new ArrayList<>(a.traceIds());
            traceIds.addAll(b.traceIds());
            return new RouteServing(a.route(), a.service(), a.requests() + b.requests(), a.errors() + b.errors(),
                    a.requests() >= b.requests() ? a.p95Millis() : b.p95Millis(), buckets, traceIds);
        });
    }
}
