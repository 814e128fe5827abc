package io.opsplane.console.telemetry.es;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.opsplane.console.telemetry.TelemetryBusyException;
import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.telemetry.es.NodeClient.Answer;
import io.opsplane.console.telemetry.es.NodeClient.Request;
import org.apache.http.entity.ContentType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way Opsplane talks to Elasticsearch: searches, counts and points in time for traces and logs,
 * and (within this package) bulk writes and index templates. Every failure is mapped here, the same for all:
 * <ul>
 * <li>400 (and 404, a page context that is gone) → {@link TelemetryRefusedException} with Elasticsearch's reason;
 * <li>429 → {@link TelemetryBusyException}, retry after Elasticsearch's {@code Retry-After} or {@link #BUSY_RETRY};
 * <li>anything else, no connection or a timeout → {@link TelemetryUnavailableException}, retry after
 * Elasticsearch's {@code Retry-After} or {@link #DOWN_RETRY}.
 * </ul>
 */
@Component
public class Elasticsearch {

    static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    static final Duration DOWN_RETRY = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NodeClient client;
    private final SearchBackend configured;
    private volatile SearchBackend detected;

    Elasticsearch(NodeClient client, SearchProperties search) {
        this.client = client;
        this.configured = search.backend();
    }

    /**
     * The engine behind the client: as configured, or (auto) what {@code GET /} says. OpenSearch names itself in
     * {@code version.distribution}; Elasticsearch does not, and its integration-test build answers 405. Asked once,
     * and again after a failure to ask.
     */
    public SearchBackend backend() {
        if (configured != SearchBackend.AUTO) {
            return configured;
        }
        SearchBackend known = detected;
        if (known == null) {
            try {
                Answer root = client.send(new Request("GET", "/"));
                if (root.successful()) {
                    known = "opensearch".equals(JSON.readTree(root.body()).path("version").path("distribution")
                            .asString("")) ? SearchBackend.OPENSEARCH : SearchBackend.ELASTICSEARCH;
                } else if (root.status() == 401 || root.status() == 403 || root.status() == 405) {
                    // GET / not allowed: OpenSearch always allows it to a user who may search, so Elasticsearch
                    known = SearchBackend.ELASTICSEARCH;
                } else {
                    throw failure(root, "the version check");
                }
            } catch (IOException | JacksonException e) {
                throw unreachable(e);
            }
            detected = known;
        }
        return known;
    }

    /** A search over {@code targets} (comma-separated names or patterns); missing indices count as empty. */
    public JsonNode search(String targets, JsonNode body) {
        return json(searchRequest(targets, body), "the search");
    }

    private static Request searchRequest(String targets, JsonNode body) {
        return tolerant(new Request("POST", "/" + targets + "/_search"), body);
    }

    /**
     * One page of a search's hits: each hit's {@code _source} as read, the last hit's sort values, and how many
     * documents the whole search matches when the node counted them exactly ({@link #UNCOUNTED} otherwise).
     */
    public record Hits<T>(List<T> sources, JsonNode lastSort, long total) {

        public static final long UNCOUNTED = -1;

        /** Whether {@code read} hits, over this page and the ones before it, are every document the search matches. */
        public boolean allRead(long read) {
            return total != UNCOUNTED && read >= total;
        }
    }

    /**
     * A search as {@link #search}, whose hits' sources are read by {@code source} as the answer is parsed (the parser
     * at the source's first token, to be left at its last), without a tree of the whole answer.
     */
    public <T> Hits<T> searchHits(String targets, JsonNode body, Function<JsonParser, T> source) {
        byte[] answer = perform(searchRequest(targets, body), "the search").body();
        try (JsonParser p = JSON.createParser(answer)) {
            p.nextToken();
            // only hits.total and hits.hits are read; the rest of the answer is skipped
            if (enter(p, "hits", JsonToken.START_OBJECT)) {
                long total = Hits.UNCOUNTED;
                for (String field = p.nextName(); field != null; field = p.nextName()) {
                    JsonToken value = p.nextToken();
                    if (field.equals("total")) {
                        total = total(p);
                    } else if (field.equals("hits") && value == JsonToken.START_ARRAY) {
                        return hits(p, source, total, answer);
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return new Hits<>(List.of(), MissingNode.getInstance(), 0);
        } catch (JacksonException e) {
            throw unreachable(e);
        }
    }

    /** Moves to the value of the field {@code name}, of this kind, in the object at hand; false when there is none. */
    private static boolean enter(JsonParser p, String name, JsonToken kind) {
        for (String field = p.nextName(); field != null; field = p.nextName()) {
            if (p.nextToken() == kind && field.equals(name)) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }

    /**
     * The number of matching documents, at {@code hits.total}: an object whose relation is {@code eq} when the node
     * counted them all (up to its {@code track_total_hits}, 10,000 by default), or a plain number in the older form.
     */
    private static long total(JsonParser p) {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Hits.UNCOUNTED;
        }
        long value = Hits.UNCOUNTED;
        boolean exact = false;
        for (String field = p.nextName(); field != null; field = p.nextName()) {
            JsonToken token = p.nextToken();
            if (field.equals("value") && token == JsonToken.VALUE_NUMBER_INT) {
                value = p.getLongValue();
            } else if (field.equals("relation") && token == JsonToken.VALUE_STRING) {
                exact = p.getString().equals("eq");
            } else {
                p.skipChildren();
            }
        }
        return exact ? value : Hits.UNCOUNTED;
    }

    /**
     * The hits of {@code answer}, the parser at their array. Only the last hit's sort values are ever used, to ask
     * for the next page, so each hit's are skipped and the last one's read afterwards from where they began.
     */
    private static <T> Hits<T> hits(JsonParser p, Function<JsonParser, T> source, long total, byte[] answer) {
        List<T> sources = new ArrayList<>();
        long lastSortAt = -1;
        JsonToken hit;
        while ((hit = p.nextToken()) != null && hit != JsonToken.END_ARRAY) {
            T read = null;
            lastSortAt = -1;
            if (hit == JsonToken.START_OBJECT) {
                for (String field = p.nextName(); field != null; field = p.nextName()) {
                    p.nextToken();
                    switch (field) {
                        case "_source" -> read = source.apply(p);
                        case "sort" -> {
                            lastSortAt = p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                        }
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            sources.add(read != null ? read : noSource(source));
        }
        return new Hits<>(sources, lastSortAt < 0 ? MissingNode.getInstance() : sortValuesAt(answer, (int) lastSortAt),
                total);
    }

    private static JsonNode sortValuesAt(byte[] answer, int offset) {
        try (JsonParser p = JSON.createParser(answer, offset, answer.length - offset)) {
            p.nextToken();
            return sortValues(p);
        }
    }

    /** A hit's sort values, each made as {@link JsonValues#node} makes it: every hit has them. */
    private static JsonNode sortValues(JsonParser p) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return JsonValues.node(p);
        }
        ArrayNode values = JSON.createArrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(JsonValues.node(p));
        }
        return values;
    }

    /** What {@code source} reads from an empty source, for a hit that has none. */
    private static <T> T noSource(Function<JsonParser, T> source) {
        try (JsonParser empty = JSON.createParser("{}")) {
            empty.nextToken();
            return source.apply(empty);
        }
    }

    /** How many documents in {@code targets} the body's query finds; missing indices count as empty. */
    public long count(String targets, JsonNode body) {
        return json(tolerant(new Request("POST", "/" + targets + "/_count"), body), "the count").path("count").asLong();
    }

    /**
     * The cluster's health as {@code GET /_cluster/health} answers it: its status (green, yellow, red), name and
     * node count. Engine monitoring calls it every few seconds.
     */
    public ClusterHealth clusterHealth() {
        JsonNode health = json(new Request("GET", "/_cluster/health"), "the health check");
        return new ClusterHealth(health.path("status").asString(""), health.path("cluster_name").asString(""),
                health.path("number_of_nodes").asInt());
    }

    /** What {@link #clusterHealth()} answers. */
    public record ClusterHealth(String status, String clusterName, int nodes) {
    }

    /** Opens a point in time over {@code targets} kept for {@code keepAlive} (such as "60s"); its id. */
    public String openPointInTime(String targets, String keepAlive) {
        boolean openSearch = backend() == SearchBackend.OPENSEARCH;
        Request request = new Request("POST", "/" + targets + (openSearch ? "/_search/point_in_time" : "/_pit"));
        request.parameter("keep_alive", keepAlive).parameter("ignore_unavailable", "true");
        return json(request, "the search").path(openSearch ? "pit_id" : "id").asString();
    }

    /**
     * The sort that orders documents of one instant the same way on every page of a point in time: Elasticsearch's
     * {@code _shard_doc}; OpenSearch 2.x has none, so {@code _doc}, which is exact within a shard (log indices have
     * one unless an operator's template says otherwise).
     */
    public String pointInTimeTiebreaker() {
        return backend() == SearchBackend.OPENSEARCH ? "_doc" : "_shard_doc";
    }

    /** A search whose body names its point in time (and so no indices). */
    public JsonNode searchPointInTime(JsonNode body) {
        return json(new Request("POST", "/_search").body(json(body), ContentType.APPLICATION_JSON), "the search");
    }

    /** Frees a point in time at once rather than when it expires; a failure here only delays that. */
    public void closePointInTime(String id) {
        try {
            Request request;
            if (backend() == SearchBackend.OPENSEARCH) {
                ObjectNode body = JSON.createObjectNode();
                body.putArray("pit_id").add(id);
                request = new Request("DELETE", "/_search/point_in_time").body(json(body), ContentType.APPLICATION_JSON);
            } else {
                request = new Request("DELETE", "/_pit").body(json(JSON.createObjectNode().put("id", id)),
                        ContentType.APPLICATION_JSON);
            }
            client.send(request);
        } catch (IOException | RuntimeException ignored) {
            // it expires after the keep-alive anyway
        }
    }

    /** One index as {@code _cat/indices} reports it: documents and bytes on disk (primaries and replicas). */
    public record IndexStorage(String name, long docs, long bytes) {
    }

    /**
     * The open and closed indices {@code pattern} names (one name or one wildcard pattern), by name; none when
     * nothing matches. A closed index reports no documents or bytes: 0 here.
     */
    public List<IndexStorage> indices(String pattern) {
        requireSimple(pattern);
        Request request = new Request("GET", "/_cat/indices/" + pattern).parameter("format", "json")
                .parameter("bytes", "b").parameter("h", "index,docs.count,store.size")
                .parameter("expand_wildcards", "open,closed");
        List<IndexStorage> indices = new ArrayList<>();
        for (JsonNode index : json(request, "the index listing")) {
            indices.add(new IndexStorage(index.path("index").asString(), number(index.path("docs.count")),
                    number(index.path("store.size"))));
        }
        indices.sort(java.util.Comparator.comparing(IndexStorage::name));
        return indices;
    }

    /**
     * Deletes the one index named {@code name}, never a pattern or a list; answers false when it was gone already
     * (another console's pass deleted it first).
     */
    public boolean deleteIndex(String name) {
        requireSimple(name);
        if (name.contains("*")) {
            throw new IllegalArgumentException("an index to delete is named exactly, not by a pattern: " + name);
        }
        Answer answer = send(new Request("DELETE", "/" + name));
        if (answer.status() == 404) {
            return false;
        }
        if (!answer.successful()) {
            throw failure(answer, "the deletion of " + name);
        }
        return true;
    }

    /** One name or pattern: no list, no exclusion, nothing that reaches beyond the path segment. */
    private static void requireSimple(String target) {
        if (target == null || target.isEmpty() || target.startsWith("_") || target.startsWith("-")
                || target.chars().anyMatch(c -> c == ',' || c == '/' || c == '?' || c == '#' || c == ' ' || c == '%')) {
            throw new IllegalArgumentException("not a single index name or pattern: " + target);
        }
    }

    private static long number(JsonNode value) {
        if (value.isNumber()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(value.asString(""));
        } catch (NumberFormatException notReported) {
            return 0;
        }
    }

    /** Whether {@code path} exists (a HEAD answered 200, not 404). */
    boolean exists(String path, String what) {
        Answer answer = send(new Request("HEAD", path));
        if (answer.status() == 404) {
            return false;
        }
        if (!answer.successful()) {
            throw failure(answer, what);
        }
        return answer.status() == 200;
    }

    /** Performs {@code request}; a refusal or no answer becomes one of the exceptions above. */
    Answer perform(Request request, String what) {
        Answer answer = send(request);
        if (!answer.successful()) {
            throw failure(answer, what);
        }
        return answer;
    }

    /** Any answer at all, or {@link #unreachable} when no node gave one. */
    private Answer send(Request request) {
        try {
            return client.send(request);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private static byte[] json(JsonNode body) {
        return JSON.writeValueAsBytes(body);
    }

    private JsonNode json(Request request, String what) {
        try {
            return JSON.readTree(perform(request, what).body());
        } catch (JacksonException e) {
            throw unreachable(e);
        }
    }

    private static Request tolerant(Request request, JsonNode body) {
        return request.parameter("ignore_unavailable", "true").parameter("allow_no_indices", "true")
                .body(json(body), ContentType.APPLICATION_JSON);
    }

    /** The one error mapping. */
    static RuntimeException failure(Answer answer, String what) {
        int status = answer.status();
        JsonNode error = errorOf(answer);
        JsonNode rootCause = error.path("root_cause").path(0);
        String reason = rootCause.path("reason").asString(error.path("reason").asString(""));
        if (reason.isBlank()) {
            reason = error.isString() ? error.asString() : answer.reason();
        }
        if (status == 400 || status == 404) {
            List<String> types = new ArrayList<>(2);
            types.add(error.path("type").asString(""));
            types.add(rootCause.path("type").asString(""));
            return new TelemetryRefusedException("Elasticsearch refused " + what + ": " + reason, reason, types);
        }
        if (status == 429) {
            return new TelemetryBusyException("Elasticsearch is overloaded and refused " + what + " (429): " + reason,
                    retryAfter(answer.retryAfter(), BUSY_RETRY));
        }
        return new TelemetryUnavailableException("Elasticsearch could not run " + what + " (" + status + "): " + reason,
                retryAfter(answer.retryAfter(), DOWN_RETRY), null);
    }

    static TelemetryUnavailableException unreachable(Exception e) {
        return new TelemetryUnavailableException("Elasticsearch unreachable: " + e.getMessage(), DOWN_RETRY, e);
    }

    private static JsonNode errorOf(Answer answer) {
        if (answer.body().length == 0) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(answer.body()).path("error");
        } catch (RuntimeException unreadable) {
            return JSON.missingNode();
        }
    }

    /** Elasticsearch's (or a proxy's) {@code Retry-After}, in seconds or as an HTTP date; else {@code otherwise}. */
    static Duration retryAfter(String header, Duration otherwise) {
        if (header == null || header.isBlank()) {
            return otherwise;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds > 0 && seconds <= 3600 ? Duration.ofSeconds(seconds) : otherwise;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() || until.compareTo(Duration.ofHours(1)) > 0 ? otherwise : until;
            } catch (DateTimeParseException notADate) {
                return otherwise;
            }
        }
    }
}
