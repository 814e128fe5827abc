package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;

/** One saga instance with its steps as defined and every event it received. */
public record SagaDetail(SagaSummary saga, List<Step> steps, List<Event> events) {

    /** The same saga with every event payload passed through {@code view} (masking, for one). */
    public SagaDetail withPayloads(UnaryOperator<JsonNode> view) {
        return new SagaDetail(saga, steps, events.stream().map(e -> new Event(e.eventId(), e.name(), e.kind(),
                e.step(), view.apply(e.payload()), e.traceId(), e.spanId(), e.topic(), e.partition(), e.offset(),
                e.eventTime(), e.receivedAt())).toList());
    }

    public enum StepState { DONE, FAILED, COMPENSATING, COMPENSATED, WAITING, NOT_REACHED }

    public record Step(String name, String service, StepState state, Duration timeout, String expectedEvent,
                       Instant doneAt, Instant failedAt, Instant compensatedAt, boolean compensable) {
    }

    public record Event(String eventId, String name, String kind, String step, JsonNode payload,
                        String traceId, String spanId, String topic, Integer partition, Long offset,
                        Instant eventTime, Instant receivedAt) {
    }
}
