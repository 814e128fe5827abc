package io.opsplane.console.compensation;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * One command an action sends, exactly as it will go out: its step, its type, where to (a Kafka topic or a
 * URL), its idempotency key, the event that proves it worked and how long to wait for it, and the CloudEvent.
 */
public record PlannedCommand(int seq, String step, String commandType, String topic, String url,
                             String idempotencyKey, String expectedEvent, Duration timeout, JsonNode envelope) {

    public String destination() {
        return topic != null ? "topic " + topic : "POST " + url;
    }
}
