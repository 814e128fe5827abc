package io.opsplane.console.saga;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One saga instance as lists show it. */
public record SagaSummary(
        long id,
        String type,
        int definitionVersion,
        String correlationKey,
        Map<String, String> businessKeys,
        SagaStatus status,
        StuckReason stuckReason,
        Instant stuckSince,
        String currentStep,
        String nextEvent,
        String responsibleService,
        Instant startedAt,
        Instant lastProgressAt,
        Instant stepDeadline,
        Instant sagaDeadline,
        Instant endedAt,
        int eventCount,
        List<String> traceIds) {
}
