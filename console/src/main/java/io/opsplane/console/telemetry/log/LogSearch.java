package io.opsplane.console.telemetry.log;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.es.Elasticsearch;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds log records where the Collector (or Opsplane) wrote them, in the configured mapping mode,
 * with plain queries and aggregations only. Pages hold still while they are walked: the first page
 * opens a point in time, later pages continue after the last record of the previous one, so every
 * record is seen once even while new ones arrive.
 */
@Service
public class LogSearch {

    public static final int MAX_PAGE = 1000;
    static final int MAX_BUCKETS = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The sub-field dynamic mapping adds to a string field. */
    private static final String KEYWORD = ".keyword";
    private static final List<Duration> INTERVALS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7));
    /** Aimed-at bucket count when the interval is chosen from the range. */
    private static final int TARGET_BUCKETS = 60;

    private final Elasticsearch elasticsearch;
    private final LogIndices indices;
    private final MappingMode mode;
    private final String keepAlive;

    LogSearch(Elasticsearch elasticsearch, LogIndices indices, LogProperties properties) {
        this.elasticsearch = elasticsearch;
        this.indices = indices;
        this.mode = properties.mappingMode();
        this.keepAlive = properties.pageKeepAlive().toSeconds() + "s";
    }

    /**
     * A page of the records {@code query} finds, newest first (or oldest first), {@code limit} at most.
     * {@code after} is the {@code next} cursor of the previous page, or null for the first.
     */
    public LogPage search(LogQuery query, boolean oldestFirst, String after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", not " + limit);
        }
        Cursor cursor = after == null || after.isBlank() ? null : Cursor.decode(after);
        String pit = cursor != null ? cursor.pit() : elasticsearch.openPointInTime(indices.readPattern(), keepAlive);
        ObjectNode body = JSON.createObjectNode();
        body.put("size", limit + 1);
        body.put("track_total_hits", false);
        body.set("query", filter(query));
        body.putObject("pit").put("id", pit).put("keep_alive", keepAlive);
        String order = oldestFirst ? "asc" : "desc";
        ArrayNode sort = body.putArray("sort");
        // date_nanos so indices that map @timestamp as date and as date_nanos sort together
        sort.addObject().putObject("@timestamp").put("order", order).put("numeric_type", "date_nanos")
                .put("unmapped_type", "date");
        // within one instant: the engine's index order, stable for the point in time (docs/telemetry.md)
        sort.addObject().put(elasticsearch.pointInTimeTiebreaker(), order);
        if (cursor != null) {
            body.set("search_after", cursor.after());
        }
        JsonNode response;
        try {
            response = elasticsearch.searchPointInTime(body);
        } catch (TelemetryRefusedException e) {
            if (cursor == null) {
                // the point in time was opened for this page alone
                elasticsearch.closePointInTime(pit);
            }
            if (e.hasType("search_context_missing_exception")) {
                throw new IllegalArgumentException("the page cursor has expired (pages stay valid for " + keepAlive
                        + " after the last one was read); search again from the first page");
            }
            if (cursor != null) {
                // a cursor that decodes but names no point in time Elasticsearch can read
                throw new IllegalArgumentException("'" + after + "' is not a page cursor from this API");
            }
            throw e;
        }
        JsonNode hits = response.path("hits").path("hits");
        List<LogEntry> items = new ArrayList<>(Math.min(hits.size(), limit));
        for (int i = 0; i < hits.size() && i < limit; i++) {
            items.add(LogDocuments.read(mode, hits.get(i)));
        }
        String latestPit = response.path("pit_id").asString(pit);
        if (hits.size() <= limit) {
            elasticsearch.closePointInTime(latestPit);
            return new LogPage(items, null);
        }
        return new LogPage(items, new Cursor(latestPit, (ArrayNode) hits.get(limit - 1).path("sort")).encode());
    }

    /** How many records {@code query} finds. */
    public long count(LogQuery query) {
        ObjectNode body = JSON.createObjectNode();
        body.set("query", filter(query));
        return elasticsearch.count(indices.readPattern(), body);
    }

    /** Counts over {@code query}'s time range (which it must have) by level, in buckets of {@code interval} or a fitting one. */
    public LogHistogram histogram(LogQuery query, Duration interval) {
        Instant from = query.from();
        Instant to = query.to();
        if (from == null || to == null) {
            throw new IllegalArgumentException("a histogram needs a time range: from and to");
        }
        Duration range = Duration.between(from, to);
        Duration step = interval != null ? interval : INTERVALS.stream()
                .filter(candidate -> range.dividedBy(candidate) <= TARGET_BUCKETS).findFirst()
                .orElse(INTERVALS.getLast());
        if (step.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, not " + step);
        }
        if (range.dividedBy(step) > MAX_BUCKETS) {
            throw new IllegalArgumentException("interval " + step + " over " + range + " makes more than "
                    + MAX_BUCKETS + " buckets; choose a longer interval or a shorter range");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        body.set("query", filter(query));
        ObjectNode overTime = body.putObject("aggs").putObject("over_time");
        overTime.putObject("date_histogram").put("field", "@timestamp").put("fixed_interval", step.toMillis() + "ms")
                .put("min_doc_count", 0).putObject("extended_bounds")
                .put("min", from.toEpochMilli()).put("max", to.toEpochMilli() - 1);
        ObjectNode levels = overTime.putObject("aggs").putObject("level").putObject("filters");
        levels.put("other_bucket_key", "UNSPECIFIED");
        ObjectNode filters = levels.putObject("filters");
        for (Severity severity : Severity.values()) {
            filters.putObject(severity.name()).putObject("range").putObject(mode.severityNumber)
                    .put("gte", severity.lowest).put("lte", severity.highest());
        }
        JsonNode response = elasticsearch.search(indices.readPattern(), body);
        List<LogHistogram.Bucket> buckets = new ArrayList<>();
        for (JsonNode bucket : response.path("aggregations").path("over_time").path("buckets")) {
            Map<String, Long> byLevel = new LinkedHashMap<>();
            JsonNode counted = bucket.path("level").path("buckets");
            for (String level : Severity.LEVEL_NAMES) {
                byLevel.put(level, counted.path(level).path("doc_count").asLong(0));
            }
            buckets.add(new LogHistogram.Bucket(Instant.ofEpochMilli(bucket.path("key").asLong()),
                    bucket.path("doc_count").asLong(), byLevel));
        }
        return new LogHistogram(from, to, step, buckets);
    }

    private ObjectNode filter(LogQuery query) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode filter = root.putObject("bool").putArray("filter");
        if (query.text() != null) {
            ObjectNode text = JSON.createObjectNode();
            ObjectNode simple = text.putObject("simple_query_string");
            simple.put("query", query.text()).put("default_operator", "and").put("lenient", true);
            mode.bodyFields.forEach(simple.putArray("fields")::add);
            ObjectNode structured = mode.structuredBody.isEmpty() ? null
                    : StructuredBodyText.query(mode.structuredBody, query.text());
            if (structured == null) {
                filter.add(text);
            } else {
                ObjectNode either = filter.addObject().putObject("bool");
                either.putArray("should").add(text).add(structured);
                either.put("minimum_should_match", 1);
            }
        }
        if (query.service() != null) {
            exact(filter, mode.service, term -> term.put("value", query.service()));
        }
        if (!query.severities().isEmpty()) {
            ObjectNode any = filter.addObject().putObject("bool");
            ArrayNode should = any.putArray("should");
            for (String severity : query.severities()) {
                for (String field : List.of(mode.severityText, mode.severityText + KEYWORD)) {
                    should.addObject().putObject("term").putObject(field).put("value", severity)
                            .put("case_insensitive", true);
                }
            }
            any.put("minimum_should_match", 1);
        }
        if (query.minSeverity() != null) {
            filter.addObject().putObject("range").putObject(mode.severityNumber).put("gte", query.minSeverity());
        }
        if (!query.traceIds().isEmpty()) {
            ObjectNode any = filter.addObject().putObject("bool");
            ArrayNode should = any.putArray("should");
            for (String field : List.of(mode.traceId, mode.traceId + KEYWORD)) {
                ArrayNode ids = should.addObject().putObject("terms").putArray(field);
                query.traceIds().forEach(ids::add);
            }
            any.put("minimum_should_match", 1);
        }
        if (query.spanId() != null) {
            exact(filter, mode.spanId, term -> term.put("value", query.spanId()));
        }
        if (query.from() != null || query.to() != null) {
            ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
            range.put("format", "strict_date_optional_time_nanos");
            if (query.from() != null) {
                range.put("gte", query.from().toString());
            }
            if (query.to() != null) {
                range.put("lt", query.to().toString());
            }
        }
        return root;
    }

    /**
     * A term filter on {@code field} or its {@code .keyword} sub-field: where no template mapped a field (an
     * exporter writing into an index of its own, say), both engines map strings as text with a keyword beside it.
     */
    private static void exact(ArrayNode filter, String field, java.util.function.Consumer<ObjectNode> term) {
        ObjectNode any = filter.addObject().putObject("bool");
        ArrayNode should = any.putArray("should");
        term.accept(should.addObject().putObject("term").putObject(field));
        term.accept(should.addObject().putObject("term").putObject(field + KEYWORD));
        any.put("minimum_should_match", 1);
    }

    /** Where a page ends: the point in time it reads and the sort values of its last record; opaque to clients. */
    record Cursor(String pit, ArrayNode after) {

        String encode() {
            ObjectNode json = JSON.createObjectNode().put("pit", pit);
            json.set("after", after);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                JsonNode json = JSON.readTree(Base64.getUrlDecoder().decode(text.trim()));
                if (json.path("pit").isString() && json.path("after").isArray() && json.path("after").size() == 2) {
                    return new Cursor(json.path("pit").asString(), (ArrayNode) json.path("after"));
                }
            } catch (RuntimeException notACursor) {
                // answered below
            }
            throw new IllegalArgumentException("'" + text + "' is not a page cursor from this API");
        }
    }
}
