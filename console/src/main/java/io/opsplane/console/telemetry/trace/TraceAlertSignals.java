package io.opsplane.console.telemetry.trace;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.alerting.signal.TraceSignals;
import io.opsplane.console.telemetry.trace.store.TraceReader;
import org.springframework.stereotype.Component;

/**
 * Answers error-ratio and latency alert rules from the same RED figures the overview shows: the
 * service's server spans (the requests it answered) over the window.
 */
@Component
class TraceAlertSignals implements TraceSignals {

    private final TraceReader reader;

    TraceAlertSignals(TraceReader reader) {
        this.reader = reader;
    }

    @Override
    public ServiceTraffic traffic(String service, String operation, Duration window, Instant now) {
        for (TraceReader.Red figures : reader.red(now.minus(window), now, service, "server")) {
            if (!figures.name().equals(service)) {
                continue;
            }
            if (operation == null) {
                return traffic(figures);
            }
            for (TraceReader.Red op : figures.operations()) {
                if (op.name().equals(operation)) {
                    return traffic(op);
                }
            }
        }
        return new ServiceTraffic(0, 0, null);
    }

    private static ServiceTraffic traffic(TraceReader.Red figures) {
        return new ServiceTraffic(figures.requests(), figures.errors(),
                figures.requests() == 0 ? null : figures.p95Millis());
    }
}
