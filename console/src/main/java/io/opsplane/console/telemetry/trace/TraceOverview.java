package io.opsplane.console.telemetry.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A trace as a search result lists it: its root, when it started, how long it took, its size and failures. */
public record TraceOverview(String traceId, String rootService, String rootOperation, Instant start,
                            Duration duration, int spanCount, int errorCount, List<String> services) {
}
