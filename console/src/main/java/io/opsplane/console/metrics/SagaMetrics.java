package io.opsplane.console.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.console.compensation.ActionOutcomes;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.definition.StepDefinition;
import io.opsplane.console.ingest.IngestGroup;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.saga.SagaCounts;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The figures of the Overview as Prometheus series: sagas by type and status, stuck sagas by type, step, reason and
 * responsible service, how far Opsplane's own consumer group is behind, the command outbox and the alert deliveries
 * waiting. They come from PostgreSQL, so they are computed on a thread of their own every
 * {@code opsplane.metrics.refresh-interval} (and only while someone reads them), never per scrape or per series;
 * a scrape reads the last values, and {@code opsplane_metrics_refresh_timestamp_seconds} says when they were taken.
 */
@Component
class SagaMetrics implements MeterBinder, SmartLifecycle {

    /** The label value of a stuck saga that waits on no step, or names no responsible service. */
    static final String NONE = SagaQueries.NO_SERVICE;
    private static final Logger log = LoggerFactory.getLogger(SagaMetrics.class);

    private final SagaQueries sagas;
    private final SagaDefinitions definitions;
    private final ConsumerLag lag;
    private final IngestGroup ingestGroup;
    private final ActionOutcomes actions;
    private final AlertingReads alerting;
    private final MetricsProperties properties;

    private final GaugeFamily byStatus;
    private final GaugeFamily stuck;
    private final GaugeFamily consumerLag;
    private final GaugeFamily consumerStalled;
    private final GaugeFamily outboxDepth;
    private final GaugeFamily outboxAge;
    private final GaugeFamily deliveriesPending;
    /** Every value a saga type, step or service label may take; anything else in the tables is counted as (other). */
    private final Set<String> known;

    /** Whether anything read a series since the last refresh: without readers there is nothing to compute. */
    private volatile boolean read = true;
    private volatile Instant refreshedAt;
    private volatile boolean failing;
    private volatile boolean running;
    private Thread loop;

    SagaMetrics(SagaQueries sagas, SagaDefinitions definitions, ConsumerLag lag, IngestGroup ingestGroup,
                ActionOutcomes actions, AlertingReads alerting, MetricsProperties properties) {
        this.sagas = sagas;
        this.definitions = definitions;
        this.lag = lag;
        this.ingestGroup = ingestGroup;
        this.actions = actions;
        this.alerting = alerting;
        this.properties = properties;
        Runnable onRead = () -> read = true;
        int max = properties.maxSeries();
        byStatus = new GaugeFamily("opsplane.sagas", "saga instances by type and status", null, 0, max, onRead,
                "saga_type", "status");
        stuck = new GaugeFamily("opsplane.sagas.stuck",
                "stuck saga instances by type, the step they wait on, why they are stuck and the service responsible",
                null, 0, max, onRead, "saga_type", "step", "reason", "service");
        consumerLag = new GaugeFamily("opsplane.ingest.consumer.lag",
                "records Opsplane's consumer group has yet to read, per topic, at the last lag sample",
                null, Double.NaN, max, onRead, "topic");
        consumerStalled = new GaugeFamily("opsplane.ingest.consumer.stalled",
                "how long Opsplane's consumer group has been behind on the topic without committing", "seconds",
                0, max, onRead, "topic");
        outboxDepth = new GaugeFamily("opsplane.command.outbox.depth",
                "operator commands waiting to be sent, per destination (Kafka or an HTTP host)", null, 0, max, onRead,
                "destination");
        outboxAge = new GaugeFamily("opsplane.command.outbox.oldest.age",
                "how long the oldest command waiting for the destination has waited", "seconds", 0, max, onRead,
                "destination");
        deliveriesPending = new GaugeFamily("opsplane.alert.deliveries.pending",
                "alert notifications waiting in the delivery outbox, per receiver", null, 0, max, onRead, "receiver");
        known = knownLabelValues(definitions);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<List<String>> typesAndStatuses = new ArrayList<>();
        for (String type : definitions.types()) {
            Arrays.stream(SagaStatus.values()).forEach(status -> typesAndStatuses.add(List.of(type, status.name())));
        }
        byStatus.bindTo(registry, typesAndStatuses);
        stuck.bindTo(registry, List.of());
        List<List<String>> topics = definitions.topics().stream().map(List::of).toList();
        consumerLag.bindTo(registry, topics);
        consumerStalled.bindTo(registry, topics);
        outboxDepth.bindTo(registry, List.of(List.of(ActionOutcomes.KAFKA)));
        outboxAge.bindTo(registry, List.of(List.of(ActionOutcomes.KAFKA)));
        deliveriesPending.bindTo(registry, alerting.receivers().stream().map(r -> List.of(r.name())).toList());
        Gauge.builder("opsplane.metrics.refresh.timestamp", this, m -> {
                    Instant at = m.refreshedAt;
                    return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
                }).baseUnit("seconds").description("Unix time of the last computation of the figures read from PostgreSQL")
                .register(registry);
    }

    /** Computes every family again; with PostgreSQL away the last values stay and the timestamp tells their age. */
    void refresh() {
        Instant now = Instant.now();
        try {
            Map<List<String>, Double> statuses = new HashMap<>();
            for (SagaCounts.ByTypeAndStatus row : sagas.countsByTypeAndStatus()) {
                statuses.merge(List.of(bounded(row.type()), row.status().name()), (double) row.count(), Double::sum);
            }
            Map<List<String>, Double> stuckRows = new HashMap<>();
            for (SagaCounts.Stuck row : sagas.stuckCounts()) {
                stuckRows.merge(List.of(bounded(row.type()), bounded(row.step()),
                        row.reason() == null ? NONE : row.reason().name(), bounded(row.service())),
                        (double) row.count(), Double::sum);
            }
            Map<List<String>, Double> lagRows = new HashMap<>();
            Map<List<String>, Double> stalledRows = new HashMap<>();
            for (GroupLag group : lag.groups(now)) {
                if (group.group().equals(ingestGroup.groupId())) {
                    for (TopicLag topic : group.topics()) {
                        lagRows.put(List.of(topic.topic()), (double) topic.lag());
                        stalledRows.put(List.of(topic.topic()), topic.stalledFor(now).toMillis() / 1000.0);
                    }
                }
            }
            Map<List<String>, Double> depth = new HashMap<>();
            Map<List<String>, Double> age = new HashMap<>();
            for (ActionOutcomes.WaitingCommands waiting : actions.waitingCommands()) {
                List<String> destination = List.of(orNone(waiting.destination()));
                depth.merge(destination, (double) waiting.count(), Double::sum);
                age.merge(destination, Duration.between(waiting.oldestSince(), now).toMillis() / 1000.0, Math::max);
            }
            Map<List<String>, Double> pending = new HashMap<>();
            alerting.pendingDeliveries().forEach(p -> pending.put(List.of(p.receiver()), (double) p.count()));

            byStatus.update(statuses);
            stuck.update(stuckRows);
            consumerLag.update(lagRows);
            consumerStalled.update(stalledRows);
            outboxDepth.update(depth);
            outboxAge.update(age);
            deliveriesPending.update(pending);
            refreshedAt = now;
            if (failing) {
                log.info("Metrics from PostgreSQL computed again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing && running) {
                log.warn("Metrics from PostgreSQL not computed, the last values stay: {}", e.toString());
                failing = true;
            }
        }
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    /** A type, step or service as a label value: one the definitions name, else (other); null is (none). */
    private String bounded(String value) {
        return value == null ? NONE : known.contains(value) ? value : GaugeFamily.OTHER;
    }

    /** The values the saga definitions can put in the tables' type, step and service columns. */
    static Set<String> knownLabelValues(SagaDefinitions definitions) {
        Set<String> values = new LinkedHashSet<>(List.of(NONE, GaugeFamily.OTHER));
        Arrays.stream(StuckReason.values()).forEach(reason -> values.add(reason.name()));
        for (SagaDefinition definition : definitions.all()) {
            values.add(definition.type());
            for (StepDefinition step : definition.steps()) {
                values.add(step.name());
                values.add(step.service());
            }
        }
        return values;
    }

    @Override
    public synchronized void start() {
        running = true;
        loop = Thread.ofVirtual().name("metrics-refresh").start(() -> {
            while (running) {
                if (read) {
                    read = false;
                    refresh();
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(properties.refreshInterval().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
