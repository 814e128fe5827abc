package io.opsplane.console.saga;

import java.time.Instant;
import java.util.Objects;

/**
 * What an instance's facts say about it under its definition. {@code status} is never STUCK:
 * being stuck depends on the clock and is decided by the stuck scan.
 */
public record SagaState(
        SagaStatus status,
        String currentStep,
        String nextEvent,
        String responsibleService,
        Instant startedAt,
        Instant lastProgressAt,
        Instant stepDeadline,
        Instant sagaDeadline,
        Instant dueAt,
        Instant endedAt) {

    /** Whether moving from {@code before} to this state is progress, which takes an instance out of STUCK. */
    public boolean progressedFrom(SagaState before) {
        return before.status != status
                || !Objects.equals(before.currentStep, currentStep)
                || !Objects.equals(before.nextEvent, nextEvent);
    }
}
