package io.opsplane.console.compensation;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** One decided action on one saga, with its commands and what became of each. */
public record OperatorAction(long id, long sagaId, String sagaType, String correlationKey, ActionKind kind,
                             String step, int attempt, ActionStatus status, Origin origin, Long bulkJobId,
                             Long policyId, String requestedBy, String reason, Instant requestedAt,
                             String approvedBy, Instant decidedAt, String outcome, Instant finishedAt,
                             List<Item> items) {

    /**
     * One command of the action. {@code state}: WAITING (for the previous command's outcome), QUEUED (in the
     * outbox), SENT (outcome awaited until {@code deadline}), VERIFIED, UNVERIFIED, FAILED, NOT_SENT.
     */
    public record Item(int seq, String step, String commandType, String topic, String url, String idempotencyKey,
                       String expectedEvent, String state, Instant sentAt, Instant deadline, Instant verifiedAt,
                       String error, JsonNode envelope) {
    }
}
