package io.opsplane.console.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The figures {@code /actuator/prometheus} reads from PostgreSQL, under {@code opsplane.metrics}. */
@ConfigurationProperties("opsplane.metrics")
public record MetricsProperties(
        /* How often the figures read from PostgreSQL (sagas by status, stuck sagas, the outboxes, Opsplane's consumer
           lag) are computed again; scrapes in between read the last ones. Nothing is computed while nobody scrapes. */
        @DefaultValue("30s") Duration refreshInterval,
        /* At most this many series per metric; label sets beyond them are added up under "(other)". */
        @DefaultValue("1000") int maxSeries) {

    public MetricsProperties {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("opsplane.metrics.refresh-interval must be positive, not " + refreshInterval);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("opsplane.metrics.max-series must be at least 1, not " + maxSeries);
        }
    }
}
