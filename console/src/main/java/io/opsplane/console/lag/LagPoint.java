package io.opsplane.console.lag;

import java.time.Instant;

/** A group's lag on one topic at one sample. */
public record LagPoint(Instant at, String topic, long lag) {
}
