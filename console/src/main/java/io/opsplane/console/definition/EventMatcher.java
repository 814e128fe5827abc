package io.opsplane.console.definition;

/**
 * How to recognise one named event on a topic: by CloudEvents type, by a header's value, or by a
 * JSON field's value. {@code correlation} overrides the saga's correlation key for this event.
 */
public record EventMatcher(
        String name,
        String topic,
        String cloudEventType,
        String headerName,
        String headerValue,
        String fieldPointer,
        String fieldValue,
        KeyExtractor correlation) {
}
