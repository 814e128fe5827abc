package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which sagas to list. {@code businessKey} is "name=value"; {@code search} matches the correlation
 * key, any business key value or a trace id; {@code service} is the service responsible for the
 * step the saga waits on, {@code step} the step itself. {@code sagaIds} keeps only those sagas: how another
 * feature narrows the list by what it owns (compensation supplies the sagas whose operator action ended
 * UNVERIFIED), so this package never reads another feature's tables. Null fields do not filter.
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
        Duration stuckLongerThan,
        String step,
        Set<Long> sagaIds) {

    /** Every saga. */
    public static final SagaFilter NONE = new SagaFilter(null, null, null, null, null, null, null, null, null, null,
            null, null);

    public SagaFilter {
        sagaIds = sagaIds == null ? null : Set.copyOf(sagaIds);
    }

    /** Without a step or a set of sagas, as the REST API and bulk selections take it. */
    public SagaFilter(String type, SagaStatus status, StuckReason stuckReason, String service, String businessKey,
                      String correlationKey, String search, Instant startedFrom, Instant startedTo,
                      Instant progressFrom, Instant progressTo, Duration stuckLongerThan) {
        this(type, status, stuckReason, service, businessKey, correlationKey, search, startedFrom, startedTo,
                progressFrom, progressTo, stuckLongerThan, null, null);
    }

    public SagaFilter withStep(String newStep) {
        return new SagaFilter(type, status, stuckReason, service, businessKey, correlationKey, search, startedFrom,
                startedTo, progressFrom, progressTo, stuckLongerThan, newStep, sagaIds);
    }

    /** Only these sagas (and what the other fields allow of them); an empty set matches none. */
    public SagaFilter onlySagas(Set<Long> ids) {
        return new SagaFilter(type, status, stuckReason, service, businessKey, correlationKey, search, startedFrom,
                startedTo, progressFrom, progressTo, stuckLongerThan, step, ids);
    }
}
