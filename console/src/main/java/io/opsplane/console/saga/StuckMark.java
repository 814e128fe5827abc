package io.opsplane.console.saga;

import java.time.Instant;

/** One time a saga was marked STUCK: why, at which step (null for a deadline with no step waited on), and when. */
public record StuckMark(StuckReason reason, String step, Instant markedAt) {
}
