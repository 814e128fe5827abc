package io.opsplane.console.telemetry.trace.store;

import java.time.Instant;
import java.util.Map;

/**
 * A trace search as Jaeger's: a span of {@code service} (and {@code operation}) started in the time range,
 * lasting between the durations (microseconds, null for no bound), carrying every tag (value read as a
 * pattern, as Jaeger does); at most {@code limit} traces, the most recent first.
 */
public record TraceQuery(String service, String operation, Map<String, String> tags, Instant startMin, Instant startMax,
                  Long durationMinMicros, Long durationMaxMicros, int limit) {

    /** The most traces one search may ask for. */
    public static final int MAX_LIMIT = 1500;

    public TraceQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if ((service == null || service.isEmpty()) && !tags.isEmpty()) {
            throw new IllegalArgumentException("a search by tags needs a service");
        }
        if (startMin == null || startMax == null) {
            throw new IllegalArgumentException("a search needs a start and an end time");
        }
        if (startMax.isBefore(startMin)) {
            throw new IllegalArgumentException("the start of the time range is after its end");
        }
        if (durationMinMicros != null && durationMaxMicros != null && durationMinMicros > durationMaxMicros) {
            throw new IllegalArgumentException("the minimum duration is above the maximum");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }
}
