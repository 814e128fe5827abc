package io.opsplane.console.telemetry.trace;

import java.util.List;

/**
 * The requests one service answered on one {@code http.route} over a window: its server spans, how many failed,
 * their p95, how many started in each time bucket, and some of their trace ids (the most recent first).
 */
public record RouteTraffic(String route, String service, long requests, long errors, double p95Millis,
                           List<Long> perBucket, List<String> traceIds) {

    public RouteTraffic {
        perBucket = List.copyOf(perBucket);
        traceIds = List.copyOf(traceIds);
    }

    public double errorRatio() {
        return requests == 0 ? 0 : (double) errors / requests;
    }
}
