package io.opsplane.console.alerting;

import java.util.Arrays;
import java.util.stream.Stream;

import io.opsplane.alerting.AlertingConfiguration;
import org.quartz.Scheduler;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Brings the alerting module into the console: its rules, alerts, groups, silences, receivers and
 * outbox use the console's PostgreSQL (Flyway runs the module's migrations from db/migration too) and
 * its clustered Quartz scheduler; this package answers the module's saga signal port.
 */
@Configuration(proxyBeanMethods = false)
@Import(AlertingConfiguration.class)
class AlertingWiring {

    /**
     * The scheduler reaches its DataSource through a customizer, so nothing tells Spring that the
     * DataSource must outlive it; with alerting asking for the scheduler early, the pool could be
     * closed first, and a job finishing at shutdown then retried its commit forever. Declaring the
     * dependency makes the scheduler stop (waiting for its jobs) before the pool closes.
     */
    @Bean
    static BeanFactoryPostProcessor schedulerStopsBeforeItsDataSource() {
        return factory -> {
            String[] dataSources = factory.getBeanNamesForType(javax.sql.DataSource.class, false, false);
            for (String scheduler : factory.getBeanNamesForType(Scheduler.class, false, false)) {
                String name = scheduler.startsWith("&") ? scheduler.substring(1) : scheduler;
                var definition = factory.getBeanDefinition(name);
                String[] existing = definition.getDependsOn() == null ? new String[0] : definition.getDependsOn();
                definition.setDependsOn(Stream.concat(Arrays.stream(existing), Arrays.stream(dataSources))
                        .distinct().toArray(String[]::new));
            }
        };
    }
}
