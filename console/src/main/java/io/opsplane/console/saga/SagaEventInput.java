package io.opsplane.console.saga;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A recognised event on its way into a saga instance's state. */
public record SagaEventInput(
        String sagaType,
        String correlationKey,
        String eventName,
        String eventId,
        Instant eventTime,
        String payloadJson,
        String traceId,
        String spanId,
        String topic,
        int partition,
        long offset,
        Map<String, String> businessKeys,
        Set<String> searchValues) {

    public SagaEventInput {
        searchValues = Set.copyOf(searchValues);
    }
}
