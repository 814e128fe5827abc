package io.opsplane.console.ui.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.telemetry.trace.TraceSearch;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.TimeWindow;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * A trace search as a console URL carries it
 * ({@code traces?service=payment&tags=error%3Dtrue&minDuration=250ms&lookback=1h&limit=20}): Jaeger UI's
 * fields, tags written as Jaeger UI takes them ({@code error=true http.status_code=500}).
 */
record TraceSearchQuery(String service, String operation, Map<String, String> tags, Duration minDuration,
                        Duration maxDuration, TimeWindow window, int limit) implements SearchPage.Search {

    static final int DEFAULT_LIMIT = 20;

    public TraceSearchQuery {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    static TraceSearchQuery of(String service) {
        return new TraceSearchQuery(service, null, Map.of(), null, null, TimeWindow.last(TimeWindow.DEFAULT_LOOKBACK),
                DEFAULT_LIMIT);
    }

    TraceSearchQuery withTags(Map<String, String> newTags) {
        return new TraceSearchQuery(service, operation, newTags, minDuration, maxDuration, window, limit);
    }

    TraceSearchQuery withMinDuration(Duration min) {
        return new TraceSearchQuery(service, operation, tags, min, maxDuration, window, limit);
    }

    TraceSearchQuery withWindow(TimeWindow newWindow) {
        return new TraceSearchQuery(service, operation, tags, minDuration, maxDuration, newWindow, limit);
    }

    record Parsed(TraceSearchQuery query, List<String> problems) implements SearchPage.Parsed<TraceSearchQuery> {
    }

    static Parsed parse(QueryParameters parameters) {
        QueryReader read = new QueryReader(parameters);
        String service = read.text("service");
        String operation = read.text("operation");
        Map<String, String> tags = read.value("tags", TraceSearchQuery::parseTags,
                t("query.tags"));
        Duration min = read.value("minDuration", Durations::parse, t("query.duration"));
        Duration max = read.value("maxDuration", Durations::parse, t("query.duration"));
        if (min != null && max != null && min.compareTo(max) > 0) {
            read.problem(t("query.minAboveMax"));
            max = null;
        }
        Integer limit = read.value("limit", text -> {
            int value = Integer.parseInt(text);
            if (value < 1 || value > Traces.MAX_LIMIT) {
                throw new IllegalArgumentException();
            }
            return value;
        }, t("query.limit", String.valueOf(Traces.MAX_LIMIT)));
        TimeWindow window = TimeWindow.parse(read, TimeWindow.DEFAULT_LOOKBACK);
        if (service == null && tags != null && !tags.isEmpty()) {
            read.problem(t("query.tagsNeedService"));
            tags = null;
        }
        return new Parsed(new TraceSearchQuery(service, operation, tags, min, max, window,
                limit == null ? DEFAULT_LIMIT : limit), read.problems());
    }

    /** "error=true http.status_code=500" → ordered pairs; a value may hold '=' but no spaces. */
    static Map<String, String> parseTags(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : text.trim().split("\\s+")) {
            if (pair.isEmpty()) {
                continue;
            }
            int cut = pair.indexOf('=');
            if (cut < 1 || cut == pair.length() - 1) {
                throw new IllegalArgumentException("not key=value: " + pair);
            }
            tags.put(pair.substring(0, cut), pair.substring(cut + 1));
        }
        return tags;
    }

    static String formatTags(Map<String, String> tags) {
        return String.join(" ", tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    TraceSearch search(Instant now) {
        return new TraceSearch(service, operation, tags, window.start(now), window.end(now), minDuration, maxDuration,
                limit);
    }

    /** The search's address in the console, parameters in a fixed order. */
    @Override
    public String location() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("service", service);
        values.put("operation", operation);
        values.put("tags", formatTags(tags));
        values.put("minDuration", minDuration == null ? null : Durations.format(minDuration));
        values.put("maxDuration", maxDuration == null ? null : Durations.format(maxDuration));
        window.putInto(values);
        values.put("limit", limit == DEFAULT_LIMIT ? null : String.valueOf(limit));
        return QueryReader.location(TracesView.PATH, values);
    }
}
