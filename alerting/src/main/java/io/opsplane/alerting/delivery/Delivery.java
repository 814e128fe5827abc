package io.opsplane.alerting.delivery;

import java.time.Instant;
import java.util.List;

/** One notification to one receiver, with every attempt to deliver it: the delivery log's row. */
public record Delivery(long id, String receiver, String kind, String groupKey, String webhookId, String status,
                       int attempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                       Integer lastStatus, String lastError, List<Attempt> attemptLog) {

    public record Attempt(Instant at, Integer statusCode, String error, double durationMs, String sentBy) {
    }
}
