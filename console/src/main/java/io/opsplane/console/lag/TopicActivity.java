package io.opsplane.console.lag;

import java.time.Instant;

/**
 * A watched topic's records so far and when the last sample saw that number grow: "nothing published on
 * {@code inventory} for 4 min" is read from it.
 *
 * @param lastAppendAt when a sample last found more records than the one before; null when no sample saw it grow
 */
public record TopicActivity(String topic, long records, Instant lastAppendAt, Instant sampledAt) {
}
