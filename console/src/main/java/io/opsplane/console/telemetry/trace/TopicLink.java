package io.opsplane.console.telemetry.trace;

/**
 * A service publishing to a topic ({@code producer}), or consuming from it, as its producer and consumer spans'
 * messaging attributes ({@code messaging.destination.name}) tell; {@code spans} of them, {@code errors} failed.
 */
public record TopicLink(String service, String topic, boolean producer, long spans, long errors) {
}
