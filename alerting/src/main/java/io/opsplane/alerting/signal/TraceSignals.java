package io.opsplane.alerting.signal;

import java.time.Duration;
import java.time.Instant;

/** What alerting asks of the trace store: a service's server-side error ratio and latency over a window. */
public interface TraceSignals {

    /** Spans of {@code service} (and {@code operation}, when not null) that ended within the window. */
    ServiceTraffic traffic(String service, String operation, Duration window, Instant now);

    /** {@code p95Millis} is null when there were no spans. */
    record ServiceTraffic(long spans, long errors, Double p95Millis) {
        public double errorRatio() {
            return spans == 0 ? 0 : (double) errors / spans;
        }
    }
}
