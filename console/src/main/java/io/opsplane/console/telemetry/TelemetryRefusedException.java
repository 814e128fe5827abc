package io.opsplane.console.telemetry;

import java.util.List;

/**
 * Elasticsearch refused what it was asked (400, or 404 for a page context that is gone), giving its own
 * reason: the caller's search cannot be run as given. An {@link IllegalArgumentException}, so the REST API
 * answers 400 with the reason, the Jaeger API its own 400, and the views show it as a refused search.
 */
public class TelemetryRefusedException extends IllegalArgumentException {

    private final String reason;
    private final List<String> errorTypes;

    public TelemetryRefusedException(String message, String reason, List<String> errorTypes) {
        super(message);
        this.reason = reason;
        this.errorTypes = List.copyOf(errorTypes);
    }

    /** Elasticsearch's own words: the first root cause's reason, else the error's. */
    public String reason() {
        return reason;
    }

    /** Whether Elasticsearch named this error type, at the top or as a root cause. */
    public boolean hasType(String type) {
        return errorTypes.contains(type);
    }
}
