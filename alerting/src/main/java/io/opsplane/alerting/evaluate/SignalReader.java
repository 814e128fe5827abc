package io.opsplane.alerting.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.opsplane.alerting.alert.Observation;
import io.opsplane.alerting.notify.NotificationRenderer;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.signal.CommandOutboxSignals;
import io.opsplane.alerting.signal.CompensationSignals;
import io.opsplane.alerting.signal.ConsoleLinks;
import io.opsplane.alerting.signal.ConsumerGroupSignals;
import io.opsplane.alerting.signal.LogSignals;
import io.opsplane.alerting.signal.MigrationSignals;
import io.opsplane.alerting.signal.SagaSignals;
import io.opsplane.alerting.signal.TraceSignals;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Asks the signal port a rule's kind needs and keeps what is over the rule's threshold, each with
 * the labels that tell it apart and a deep link to the console view behind it, asked of the host's
 * {@link ConsoleLinks} (without one, the link is the console's root). A signal port the host application
 * does not provide makes the rule "no data", with the reason.
 */
@Component
record SignalReader(ObjectProvider<SagaSignals> sagas, ObjectProvider<TraceSignals> traces,
                    ObjectProvider<LogSignals> logs, ObjectProvider<CompensationSignals> compensations,
                    ObjectProvider<MigrationSignals> migrations, ObjectProvider<CommandOutboxSignals> outbox,
                    ObjectProvider<ConsumerGroupSignals> consumers, ObjectProvider<ConsoleLinks> links,
                    NotificationRenderer renderer) {

    sealed interface Result permits Found, NoData {
    }

    record Found(List<Observation> observations) implements Result {
    }

    record NoData(String reason) implements Result {
    }

    Result read(AlertRule rule, Instant now) {
        return switch (rule.kind()) {
            case SAGA_STUCK -> with(sagas, "SagaSignals", "saga tracking", s -> stuck(rule, s));
            case SAGA_FAILURE_RATIO -> with(sagas, "SagaSignals", "saga tracking", s -> failureRatio(rule, s, now));
            case STEP_DURATION_P95 -> with(sagas, "SagaSignals", "saga tracking", s -> stepDuration(rule, s, now));
            case COMPENSATION -> with(compensations, "CompensationSignals", "the compensation feature",
                    c -> compensation(rule, c));
            case SERVICE_ERROR_RATIO, SERVICE_LATENCY_P95 -> with(traces, "TraceSignals", "the trace store",
                    t -> traffic(rule, t, now));
            case MIGRATION_ERROR_RATIO -> with(migrations, "MigrationSignals", "the migration view",
                    m -> migration(rule, m, now));
            case COMMAND_OUTBOX_AGE -> with(outbox, "CommandOutboxSignals", "the compensation feature",
                    o -> outboxAge(rule, o));
            case CONSUMER_LAG -> with(consumers, "ConsumerGroupSignals", "consumer-lag sampling",
                    c -> consumerGroups(rule, c, g -> g.lag()));
            case CONSUMER_STALLED -> with(consumers, "ConsumerGroupSignals", "consumer-lag sampling",
                    c -> consumerGroups(rule, c, g -> g.lag() > 0 ? g.stalledFor().toSeconds() : 0));
            case LOG_COUNT -> with(logs, "LogSignals", "the log store", l -> logCount(rule, l, now));
        };
    }

    private static <T> Result with(ObjectProvider<T> port, String name, String feature, Function<T, List<Observation>> read) {
        T source = port.getIfAvailable();
        if (source == null) {
            return new NoData("no " + name + " source is installed in this application: " + feature
                    + " does not answer alert rules yet");
        }
        return new Found(read.apply(source));
    }

    private List<Observation> stuck(AlertRule rule, SagaSignals sagas) {
        List<Observation> out = new ArrayList<>();
        for (SagaSignals.StuckSagas s : sagas.stuck(rule.sagaType(), rule.step(), rule.reason())) {
            if (s.count() >= rule.threshold()) {
                out.add(new Observation(labels("saga_type", s.sagaType(), "step", s.step(), "reason", s.reason(),
                        "service", s.service()), s.count(), s.sampleIds(), link(l -> l.stuckSagas(s.sagaType(), s.step(), s.reason()))));
            }
        }
        return out;
    }

    private List<Observation> failureRatio(AlertRule rule, SagaSignals sagas, Instant now) {
        List<Observation> out = new ArrayList<>();
        for (SagaSignals.FailureRatio r : sagas.failureRatio(rule.sagaType(), rule.window(), now)) {
            if (r.started() >= rule.minSamples() && r.ratio() >= rule.threshold()) {
                out.add(new Observation(labels("saga_type", r.sagaType()), r.ratio(), List.of(),
                        link(l -> l.failingSagas(r.sagaType(), now.minus(rule.window())))));
            }
        }
        return out;
    }

    private List<Observation> stepDuration(AlertRule rule, SagaSignals sagas, Instant now) {
        List<Observation> out = new ArrayList<>();
        for (SagaSignals.StepDuration d : sagas.stepDurations(rule.sagaType(), rule.window(), now)) {
            if ((rule.step() == null || rule.step().equals(d.step())) && d.finished() >= rule.minSamples()
                    && d.p95() != null && d.ofTimeout() >= rule.threshold()) {
                // no samples: a saga alert's samples are correlation keys, and the value says how slow (the share
                // of the timeout); labels stay what tells alerts apart, never a figure that changes
                out.add(new Observation(labels("saga_type", d.sagaType(), "step", d.step(), "service", d.service()),
                        d.ofTimeout(), List.of(), link(l -> l.sagaFlow(d.sagaType(), rule.window()))));
            }
        }
        return out;
    }

    private List<Observation> compensation(AlertRule rule, CompensationSignals compensations) {
        List<Observation> out = new ArrayList<>();
        for (CompensationSignals.CompensationProblems p : compensations.problems(rule.sagaType(), rule.step())) {
            if ((rule.outcome() == null || rule.outcome().equals(p.outcome().name())) && p.count() >= rule.threshold()) {
                out.add(new Observation(labels("saga_type", p.sagaType(), "step", p.step(), "outcome",
                        p.outcome().name()), p.count(), p.sampleIds(),
                        link(l -> l.compensationProblems(p.sagaType(), p.step(), p.outcome()))));
            }
        }
        return out;
    }

    /** Each group and topic whose {@code value} (records behind, or seconds without progress) reaches the threshold. */
    private List<Observation> consumerGroups(AlertRule rule, ConsumerGroupSignals consumers,
                                             java.util.function.ToLongFunction<ConsumerGroupSignals.GroupTopicLag> value) {
        List<Observation> out = new ArrayList<>();
        for (ConsumerGroupSignals.GroupTopicLag g : consumers.lag()) {
            long v = value.applyAsLong(g);
            if ((rule.service() == null || rule.service().equals(g.service())) && v > 0 && v >= rule.threshold()) {
                String example = g.lag() + " behind" + (g.stalledFor().isZero() ? "" : ", no progress for "
                        + g.stalledFor().toSeconds() + " s") + (g.members() == 0 ? ", no active members" : "");
                out.add(new Observation(labels("group", g.group(), "topic", g.topic(), "service", g.service()), v,
                        List.of(example), link(l -> l.consumerGroup(g.group()))));
            }
        }
        return out;
    }

    private List<Observation> outboxAge(AlertRule rule, CommandOutboxSignals outbox) {
        List<Observation> out = new ArrayList<>();
        for (CommandOutboxSignals.WaitingCommands w : outbox.waiting()) {
            if (w.oldest().toSeconds() >= rule.threshold()) {
                out.add(new Observation(labels("destination", w.destination()), w.oldest().toSeconds(),
                        List.of("action " + w.oldestActionId() + " (" + w.count() + " commands waiting)"),
                        link(l -> l.saga(w.oldestSagaId()))));
            }
        }
        return out;
    }

    private List<Observation> traffic(AlertRule rule, TraceSignals traces, Instant now) {
        TraceSignals.ServiceTraffic t = traces.traffic(rule.service(), rule.operation(), rule.window(), now);
        if (t.spans() < rule.minSamples()) {
            return List.of();
        }
        Map<String, String> labels = labels("service", rule.service(), "operation", rule.operation());
        if (rule.kind() == io.opsplane.alerting.rule.RuleKind.SERVICE_ERROR_RATIO) {
            return t.errorRatio() >= rule.threshold() ? List.of(new Observation(labels, t.errorRatio(), List.of(),
                    link(l -> l.failingTraces(rule.service(), rule.operation(), rule.window())))) : List.of();
        }
        return t.p95Millis() != null && t.p95Millis() >= rule.threshold()
                ? List.of(new Observation(labels, t.p95Millis(), List.of(), link(l -> l.slowTraces(rule.service(),
                rule.operation(), Duration.ofMillis((long) rule.threshold()), rule.window()))))
                : List.of();
    }

    /**
     * Each new service on the route against the legacy services there together. A legacy side without errors
     * counts as one error in what it served, so a clean legacy does not make every new error infinitely worse;
     * without legacy traffic (all of it moved) there is nothing to compare and nothing fires.
     */
    private List<Observation> migration(AlertRule rule, MigrationSignals migrations, Instant now) {
        List<MigrationSignals.RouteServer> servers = migrations.servers(rule.route(), rule.window(), now);
        long legacySpans = servers.stream().filter(MigrationSignals.RouteServer::legacy)
                .mapToLong(MigrationSignals.RouteServer::spans).sum();
        long legacyErrors = servers.stream().filter(MigrationSignals.RouteServer::legacy)
                .mapToLong(MigrationSignals.RouteServer::errors).sum();
        if (legacySpans == 0 || legacySpans < rule.minSamples()) {
            return List.of();
        }
        double baseline = (double) Math.max(1, legacyErrors) / legacySpans;
        String legacyNames = String.join(",", servers.stream().filter(MigrationSignals.RouteServer::legacy)
                .map(MigrationSignals.RouteServer::service).sorted().toList());
        List<Observation> out = new ArrayList<>();
        for (MigrationSignals.RouteServer server : servers) {
            if (server.legacy() || server.spans() < rule.minSamples()
                    || (rule.service() != null && !rule.service().equals(server.service()))) {
                continue;
            }
            double times = server.errorRatio() / baseline;
            if (times >= rule.threshold()) {
                out.add(new Observation(labels("route", rule.route(), "service", server.service(), "legacy_service",
                        legacyNames), times, List.of(), link(l -> l.migration(rule.route(), rule.window()))));
            }
        }
        return out;
    }

    private List<Observation> logCount(AlertRule rule, LogSignals logs, Instant now) {
        long count = logs.count(rule.query(), rule.service(), rule.window(), now);
        return count >= rule.threshold() ? List.of(new Observation(labels("service", rule.service()), count,
                List.of(), link(l -> l.logs(rule.query(), rule.service(), rule.window())))) : List.of();
    }

    /** Labels from name/value pairs, leaving out absent values. */
    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                labels.put(pairs[i], pairs[i + 1]);
            }
        }
        return labels;
    }

    /** The console's own link for what was counted, or the console's root when the host provides no links. */
    private String link(Function<ConsoleLinks, String> location) {
        ConsoleLinks console = links.getIfAvailable();
        String relative = console == null ? "" : location.apply(console);
        return renderer.externalUrl() + "/" + (relative.startsWith("/") ? relative.substring(1) : relative);
    }
}
