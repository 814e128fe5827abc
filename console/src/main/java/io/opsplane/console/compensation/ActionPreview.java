package io.opsplane.console.compensation;

import java.util.List;

import io.opsplane.console.saga.SagaStatus;

/**
 * What an action would do to a saga, before anything is decided: whether the saga's state allows it (and if not,
 * why), the commands in the order they would be sent, the attempt it would be, and whether a second operator
 * would have to approve it. {@code attempt} goes back with the confirmation, so a confirmation based on an old
 * preview lands on the action that preview led to.
 */
public record ActionPreview(long sagaId, String sagaType, String correlationKey, SagaStatus sagaStatus,
                            ActionKind kind, String step, int attempt, boolean allowed, List<String> problems,
                            List<PlannedCommand> commands, boolean needsApproval) {
}
