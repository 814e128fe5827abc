package io.opsplane.console.telemetry.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.opsplane.console.telemetry.trace.store.TraceQuery;

/**
 * A trace search as Jaeger UI offers it: a span of {@code service} (and {@code operation}, when given)
 * started in [{@code from}, {@code to}], lasting between the durations (null for no bound), carrying
 * every tag (values are patterns, as in Jaeger); at most {@code limit} traces, the most recent first.
 */
public record TraceSearch(String service, String operation, Map<String, String> tags, Instant from, Instant to,
                          Duration minDuration, Duration maxDuration, int limit) {

    public TraceSearch {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    TraceQuery query() {
        return new TraceQuery(service, operation, tags, from, to, micros(minDuration), micros(maxDuration), limit);
    }

    private static Long micros(Duration duration) {
        return duration == null ? null : duration.toNanos() / 1000;
    }
}
