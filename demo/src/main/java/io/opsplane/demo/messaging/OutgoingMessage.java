package io.opsplane.demo.messaging;

import java.util.Map;

/**
 * A Kafka record to publish through the outbox, already in its wire format.
 *
 * @param eventId the event's (or command's) own id, which consumers deduplicate by
 * @param type    the event or command type, for logs
 */
public record OutgoingMessage(String topic, String key, Map<String, String> headers, String payload, String eventId,
                              String type) {
}
