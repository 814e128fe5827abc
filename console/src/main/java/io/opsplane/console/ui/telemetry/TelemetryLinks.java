package io.opsplane.console.ui.telemetry;

import java.time.Duration;
import java.util.Map;

import io.opsplane.console.ui.kit.TimeWindow;

/**
 * Locations of the trace and log searches for other features' links (alerts among them), made by the views' own
 * query objects, so a link carries exactly the parameters those views read back.
 */
public final class TelemetryLinks {

    private TelemetryLinks() {
    }

    /** The traces of {@code service} (and {@code operation}) with an error, over the last {@code lookback}. */
    public static String failingTraces(String service, String operation, Duration lookback) {
        return traces(service, operation, lookback).withTags(Map.of("error", "true")).location();
    }

    /** The traces of {@code service} (and {@code operation}) at least {@code minDuration} long, over the last {@code lookback}. */
    public static String slowTraces(String service, String operation, Duration minDuration, Duration lookback) {
        return traces(service, operation, lookback).withMinDuration(minDuration).location();
    }

    /** The traces of {@code service} within the window. */
    public static String traces(String service, TimeWindow window) {
        return TraceSearchQuery.of(service).withWindow(window).location();
    }

    /** The log lines matching {@code query} (of {@code service}), over the last {@code lookback}. */
    public static String logs(String query, String service, Duration lookback) {
        return new LogSearchQuery(query, service, null, null, TimeWindow.last(lookback)).location();
    }

    /** The service's warnings and errors over the window. */
    public static String warnings(String service, TimeWindow window) {
        return new LogSearchQuery(null, service, LogSearchQuery.Level.WARN, null, window).location();
    }

    private static TraceSearchQuery traces(String service, String operation, Duration lookback) {
        return new TraceSearchQuery(service, operation, Map.of(), null, null, TimeWindow.last(lookback),
                TraceSearchQuery.DEFAULT_LIMIT);
    }
}
