package io.opsplane.console.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long Opsplane keeps what it stores, under {@code opsplane.retention}; 0 keeps a kind for ever. */
@ConfigurationProperties("opsplane.retention")
public record RetentionProperties(
        /* Whether passes run on the schedule; GET /api/retention and a pass by hand work either way. */
        @DefaultValue("true") boolean enabled,
        /* How often a pass runs, on one console of the cluster at a time. */
        @DefaultValue("1h") Duration interval,
        /* Daily span and service indices (jaeger-span-*, jaeger-service-*) older than this are deleted. */
        @DefaultValue("7d") Duration spans,
        /* Daily log indices Opsplane writes (logs-otel-yyyy.MM.dd) older than this are deleted. */
        @DefaultValue("7d") Duration logs,
        /* Daily dependency indices (jaeger-dependencies-*) older than this are deleted. */
        @DefaultValue("30d") Duration dependencies,
        /* Sagas that ended longer ago than this are deleted with their events, keys and stuck marks. */
        @DefaultValue("30d") Duration sagas,
        /* Operator actions that finished longer ago than this are deleted with their commands and outbox rows. */
        @DefaultValue("30d") Duration actions,
        /* Alert deliveries delivered or given up longer ago than this are deleted with their attempts. */
        @DefaultValue("30d") Duration deliveries,
        /* Dead letters received longer ago than this are deleted. */
        @DefaultValue("30d") Duration deadLetters,
        /* Rows deleted per transaction: each batch holds its row locks only briefly. */
        @DefaultValue("1000") int batchSize,
        /* The least pause between two batches, which leaves the database to ingestion; a pass waits at least twice as long as the batch took. */
        @DefaultValue("50ms") Duration pause) {

    public RetentionProperties {
        for (Duration keep : new Duration[] {interval, spans, logs, dependencies, sagas, actions, deliveries,
                deadLetters, pause}) {
            if (keep.isNegative()) {
                throw new IllegalArgumentException("opsplane.retention durations must not be negative: " + keep);
            }
        }
        if (interval.isZero()) {
            throw new IllegalArgumentException("opsplane.retention.interval must be positive");
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("opsplane.retention.batch-size must be between 1 and 100000, not "
                    + batchSize);
        }
    }
}
