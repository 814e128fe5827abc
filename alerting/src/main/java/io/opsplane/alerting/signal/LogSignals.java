package io.opsplane.alerting.signal;

import java.time.Duration;
import java.time.Instant;

/** What alerting asks of the log store. */
public interface LogSignals {

    /**
     * Log lines matching {@code query} (the log search's query syntax) within the window, of
     * {@code service} when not null.
     */
    long count(String query, String service, Duration window, Instant now);
}
