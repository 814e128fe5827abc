package io.opsplane.console.compensation.bulk;

import io.opsplane.console.compensation.ActionKind;

/**
 * A bulk job to create: which sagas, what to do, why; the canary batch size and the rate (defaults from
 * configuration); {@code expectedCount}, the count the operator saw, refuses the job if the filter now selects
 * a different number of sagas.
 */
public record BulkRequest(SagaSelection filter, ActionKind kind, String reason, Integer canarySize,
                          Integer ratePerSecond, Long expectedCount) {
}
