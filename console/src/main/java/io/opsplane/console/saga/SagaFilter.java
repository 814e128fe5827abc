package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;

/**
 * Which sagas to list. {@code businessKey} is "name=value"; {@code search} matches the correlation
 * key, any business key value or a trace id. Null fields do not filter.
 */
public record SagaFilter(
        String type,
        SagaStatus status,
        StuckReason stuckReason,
        String businessKey,
        String correlationKey,
        String search,
        Instant startedFrom,
        Instant startedTo,
        Instant progressFrom,
        Instant progressTo,
        Duration stuckLongerThan) {
}
