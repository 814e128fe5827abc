package io.opsplane.console.telemetry.log;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.alerting.signal.LogSignals;
import org.springframework.stereotype.Component;

/** Answers log-count alert rules with the log search's own query, so a rule finds what the Logs page finds. */
@Component
class LogAlertSignals implements LogSignals {

    private final LogSearch search;

    LogAlertSignals(LogSearch search) {
        this.search = search;
    }

    @Override
    public long count(String query, String service, Duration window, Instant now) {
        return search.count(new LogQuery(query, service, null, null, null, null, now.minus(window), now));
    }
}
