package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** One saga instance with its steps as defined and every event it received. */
public record SagaDetail(SagaSummary saga, List<Step> steps, List<Event> events) {

    public enum StepState { DONE, FAILED, COMPENSATING, COMPENSATED, WAITING, NOT_REACHED }

    public record Step(String name, String service, StepState state, Duration timeout, String expectedEvent,
                       Instant doneAt, Instant failedAt, Instant compensatedAt, boolean compensable) {
    }

    public record Event(String eventId, String name, String kind, String step, JsonNode payload,
                        String traceId, String spanId, String topic, Integer partition, Long offset,
                        Instant eventTime, Instant receivedAt) {
    }
}
