package io.opsplane.console.alerting;

import io.opsplane.alerting.AlertingConfiguration;
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
}
