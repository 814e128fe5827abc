package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;

/**
 * Which sagas to list. {@code businessKey} is "name=value"; {@code search} matches the correlation
 * key, any business key value or a trace id; {@code service} is the service responsible for the
 * step the saga waits on. Null fields do not filter.
 */
public record SagaFilter(
        String type,
        SagaStatus status,
        StuckReason stuckReason,
        String service,
        String businessKey,
        String correlationKey,
        String search,
        Instant startedFrom,
        Instant startedTo,
        Instant progressFrom,
        Instant progressTo,
        Duration stuckLongerThan) {

    /** Every saga. */
    public static final SagaFilter NONE = new SagaFilter(null, null, null, null, null, null, null, null, null, null,
            null, null);
}
