package io.opsplane.console.compensation;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.opsplane.console.text.Phrase;
import tools.jackson.databind.JsonNode;

/**
 * One command an action sends, exactly as it will go out: its step, its type, where to (a Kafka topic or a
 * URL), its idempotency key, the event that proves it worked and how long to wait for it, and the CloudEvent.
 * {@code caution} tells the operator something about it in words for any language; the REST API has it in English
 * ({@link #note}).
 */
public record PlannedCommand(int seq, String step, String commandType, String topic, String url,
                             String idempotencyKey, String expectedEvent, Duration timeout, JsonNode envelope,
                             @JsonIgnore Phrase caution) {

    /** A command as most are: without a note for the operator. */
    public PlannedCommand(int seq, String step, String commandType, String topic, String url, String idempotencyKey,
                          String expectedEvent, Duration timeout, JsonNode envelope) {
        this(seq, step, commandType, topic, url, idempotencyKey, expectedEvent, timeout, envelope, null);
    }

    /** The caution in English, or null. */
    @JsonProperty("note")
    public String note() {
        return caution == null ? null : caution.english();
    }

    public String destination() {
        return topic != null ? "topic " + topic : "POST " + url;
    }
}
