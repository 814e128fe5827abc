package io.opsplane.console.compensation;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * One command an action sends, exactly as it will go out: its step, its type, where to (a Kafka topic or a
 * URL), its idempotency key, the event that proves it worked and how long to wait for it, and the CloudEvent.
 */
public record PlannedCommand(int seq, String step, String commandType, String topic, String url,
                             String idempotencyKey, String expectedEvent, Duration timeout, JsonNode envelope,
                             String note) {

    /** A command as most are: without a note for the operator. */
    public PlannedCommand(int seq, String step, String commandType, String topic, String url, String idempotencyKey,
                          String expectedEvent, Duration timeout, JsonNode envelope) {
        this(seq, step, commandType, topic, url, idempotencyKey, expectedEvent, timeout, envelope, null);
    }

    public String destination() {
        return topic != null ? "topic " + topic : "POST " + url;
    }
}
