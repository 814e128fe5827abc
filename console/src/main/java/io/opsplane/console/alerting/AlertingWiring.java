package io.opsplane.console.alerting;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.opsplane.alerting.AlertingConfiguration;
import io.opsplane.alerting.signal.CommandOutboxSignals;
import io.opsplane.alerting.signal.CompensationSignals;
import io.opsplane.alerting.signal.ConsumerGroupSignals;
import io.opsplane.alerting.signal.LogSignals;
import io.opsplane.alerting.signal.MigrationSignals;
import io.opsplane.alerting.signal.TraceSignals;
import io.opsplane.console.compensation.ActionOutcomes;
import io.opsplane.console.compensation.ActionStatus;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.migration.Migration;
import io.opsplane.console.telemetry.log.LogQuery;
import io.opsplane.console.telemetry.log.LogSearch;
import io.opsplane.console.telemetry.trace.Traces;
import org.quartz.Scheduler;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Brings the alerting module into the console: its rules, alerts, groups, silences, receivers and
 * outbox use the console's PostgreSQL (Flyway runs the module's migrations from db/migration too) and
 * its clustered Quartz scheduler. This package answers the module's signal ports: saga state in
 * {@link SagaStateSignals}, each of the others by a bean here, from the feature that shows the same figures.
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

    /**
     * Compensation rules count operator actions that ended UNVERIFIED or FAILED within the last hour: such an alert
     * fires when an action's effect did not show, and resolves an hour after the last one.
     */
    @Bean
    CompensationSignals compensationSignals(ActionOutcomes outcomes, Clock clock) {
        Duration window = Duration.ofHours(1);
        return (sagaType, step) -> outcomes.unsuccessfulSince(clock.instant().minus(window)).stream()
                .filter(a -> sagaType == null || sagaType.equals(a.sagaType()))
                .filter(a -> step == null || step.equals(a.step()))
                .map(a -> new CompensationSignals.CompensationProblems(a.sagaType(), a.step(),
                        a.status() == ActionStatus.UNVERIFIED ? CompensationSignals.Outcome.UNVERIFIED
                                : CompensationSignals.Outcome.FAILED,
                        a.count(), List.of("action " + a.latestActionId())))
                .toList();
    }

    /** Command-outbox-age rules read the compensation commands still waiting for their destination. */
    @Bean
    CommandOutboxSignals commandOutboxSignals(ActionOutcomes outcomes, Clock clock) {
        return () -> outcomes.waitingCommands().stream().map(w -> new CommandOutboxSignals.WaitingCommands(
                w.destination(), w.count(), Duration.between(w.oldestSince(), clock.instant()), w.oldestActionId(),
                w.oldestSagaId())).toList();
    }

    /** Consumer-lag and consumer-stalled rules read the last lag sample. */
    @Bean
    ConsumerGroupSignals consumerGroupSignals(ConsumerLag consumerLag, Clock clock) {
        return () -> {
            var now = clock.instant();
            List<ConsumerGroupSignals.GroupTopicLag> out = new ArrayList<>();
            for (GroupLag group : consumerLag.groups(now)) {
                for (TopicLag topic : group.topics()) {
                    out.add(new ConsumerGroupSignals.GroupTopicLag(group.group(), group.service(), topic.topic(),
                            topic.lag(), topic.stalledFor(now), group.members()));
                }
            }
            return out;
        };
    }

    /** Migration rules count the same server spans the migration view counts. */
    @Bean
    MigrationSignals migrationSignals(Traces traces, Migration migration) {
        // one bucket over the whole window and no traces: only the totals are wanted
        return (route, window, now) -> traces.routeTraffic(now.minus(window), now, window, 0).stream()
                .filter(t -> t.route().equals(route) && !migration.isGateway(t.service()))
                .map(t -> new MigrationSignals.RouteServer(t.service(), migration.isLegacy(t.service()), t.requests(),
                        t.errors()))
                .toList();
    }

    /** Log-count rules run the log search's own query, so a rule finds what the Logs page finds. */
    @Bean
    LogSignals logSignals(LogSearch search) {
        return (query, service, window, now) -> search.count(
                new LogQuery(query, service, null, null, null, null, now.minus(window), now));
    }

    /**
     * Error-ratio and latency rules read the same RED figures the overview shows: the service's server spans (the
     * requests it answered), or one operation's of them, over the window.
     */
    @Bean
    TraceSignals traceSignals(Traces traces) {
        return (service, operation, window, now) -> traces.served(service, operation, now.minus(window), now)
                .map(served -> new TraceSignals.ServiceTraffic(served.spans(), served.errors(),
                        served.spans() == 0 ? null : served.p95Millis()))
                .orElse(new TraceSignals.ServiceTraffic(0, 0, null));
    }
}
