package io.opsplane.console.engines;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health contributors "postgres", "kafka" and "search", answered from {@link Engines}' last look, so
 * {@code /actuator/health} answers at once whatever is down. Readiness includes postgres and kafka
 * (application.yml); search that is away is DEGRADED, not DOWN, since sagas work without it.
 */
@Configuration(proxyBeanMethods = false)
class EngineHealth {

    static final Status DEGRADED = new Status("DEGRADED");

    @Bean
    HealthIndicator postgresHealthIndicator(Engines engines) {
        return () -> health(engines.state("postgres"));
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(Engines engines) {
        return () -> health(engines.state("kafka"));
    }

    @Bean
    HealthIndicator searchHealthIndicator(Engines engines) {
        return () -> health(engines.state("search"));
    }

    static Health health(EngineState state) {
        if (state == null) {
            return Health.unknown().withDetail("problem", "not looked at yet").build();
        }
        Status status = switch (state.status()) {
            case UP -> Status.UP;
            case DEGRADED -> DEGRADED;
            case DOWN -> state.required() ? Status.DOWN : DEGRADED;
        };
        Health.Builder health = Health.status(status).withDetail("since", state.since().toString())
                .withDetail("checkedAt", state.checkedAt().toString());
        if (state.latency() != null) {
            health.withDetail("latencyMs", state.latency().toMillis());
        }
        if (state.problem() != null) {
            health.withDetail("problem", state.problem());
        }
        if (state.lastError() != null) {
            health.withDetail("lastError", state.lastError()).withDetail("lastErrorAt", state.lastErrorAt().toString());
        }
        state.details().forEach(health::withDetail);
        return health.build();
    }
}
