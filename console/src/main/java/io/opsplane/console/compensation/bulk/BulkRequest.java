package io.opsplane.console.compensation.bulk;

import io.opsplane.console.compensation.ActionKind;

/**
 * A bulk job to create: which sagas, what to do, why; the canary batch size and the rate (defaults from
 * configuration); {@code expectedCount}, the count the operator saw, is kept in the audit beside what the job
 * holds: the selection is frozen when the job is created, whatever the count was a moment before.
 */
public record BulkRequest(SagaSelection filter, ActionKind kind, String reason, Integer canarySize,
                          Integer ratePerSecond, Long expectedCount) {
}
