package io.opsplane.console.telemetry.log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Log records counted over time: buckets of {@code interval} from {@code from} (inclusive) to
 * {@code to} (exclusive), each with its count per level (TRACE … FATAL, and UNSPECIFIED for records
 * without a severity number). The first bucket starts at the interval boundary at or before {@code from}.
 */
public record LogHistogram(Instant from, Instant to, Duration interval, List<Bucket> buckets) {

    public record Bucket(Instant start, long count, Map<String, Long> byLevel) {
    }
}
