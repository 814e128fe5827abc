package io.opsplane.console.telemetry;

import java.time.Duration;

/**
 * Elasticsearch cannot be used right now (unreachable, or refusing work). Saga features are not
 * affected; telemetry calls answer 503 with a {@code Retry-After} so clients and OTLP exporters retry.
 */
public class TelemetryUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public TelemetryUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
