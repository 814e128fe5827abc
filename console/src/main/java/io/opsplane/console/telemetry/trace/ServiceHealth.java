package io.opsplane.console.telemetry.trace;

/** One service's spans over a window: how many per second, the share that failed, and their latency. */
public record ServiceHealth(String service, long spans, double ratePerSecond, long errors, double errorRatio,
                            double p50Millis, double p95Millis, double p99Millis) {
}
