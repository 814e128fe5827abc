package io.opsplane.console.telemetry;

import java.time.Duration;

/** More is on its way to Elasticsearch than allowed: answered with 429 and {@code Retry-After}, never buffered. */
public class TelemetryBusyException extends TelemetryUnavailableException {

    public TelemetryBusyException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
