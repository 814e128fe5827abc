package io.opsplane.alerting.evaluate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsplane.alerting.alert.Observation;
import io.opsplane.alerting.notify.NotificationRenderer;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.signal.CompensationSignals;
import io.opsplane.alerting.signal.LogSignals;
import io.opsplane.alerting.signal.SagaSignals;
import io.opsplane.alerting.signal.TraceSignals;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Asks the signal port a rule's kind needs and keeps what is over the rule's threshold, each with
 * the labels that tell it apart and a deep link to the console view behind it. A port the host
 * application does not provide makes the rule "no data", with the reason.
 */
@Component
class SignalReader {

    sealed interface Result permits Found, NoData {
    }

    record Found(List<Observation> observations) implements Result {
    }

    record NoData(String reason) implements Result {
    }

    private final ObjectProvider<SagaSignals> sagas;
    private final ObjectProvider<TraceSignals> traces;
    private final ObjectProvider<LogSignals> logs;
    private final ObjectProvider<CompensationSignals> compensations;
    private final String consoleUrl;

    SignalReader(ObjectProvider<SagaSignals> sagas, ObjectProvider<TraceSignals> traces,
                 ObjectProvider<LogSignals> logs, ObjectProvider<CompensationSignals> compensations,
                 NotificationRenderer renderer) {
        this.sagas = sagas;
        this.traces = traces;
        this.logs = logs;
        this.compensations = compensations;
        this.consoleUrl = renderer.externalUrl();
    }

    Result read(AlertRule rule, Instant now) {
        return switch (rule.kind()) {
            case SAGA_STUCK -> with(sagas, "SagaSignals", "saga tracking", s -> stuck(rule, s));
            case SAGA_FAILURE_RATIO -> with(sagas, "SagaSignals", "saga tracking", s -> failureRatio(rule, s, now));
            case COMPENSATION -> with(compensations, "CompensationSignals", "the compensation feature",
                    c -> compensation(rule, c));
            case SERVICE_ERROR_RATIO, SERVICE_LATENCY_P95 -> with(traces, "TraceSignals", "the trace store",
                    t -> traffic(rule, t, now));
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
                        "service", s.service()), s.count(), s.sampleIds(), link("/sagas", "status", "STUCK",
                        "type", s.sagaType(), "step", s.step(), "stuckReason", s.reason())));
            }
        }
        return out;
    }

    private List<Observation> failureRatio(AlertRule rule, SagaSignals sagas, Instant now) {
        List<Observation> out = new ArrayList<>();
        for (SagaSignals.FailureRatio r : sagas.failureRatio(rule.sagaType(), rule.window(), now)) {
            if (r.started() >= rule.minSamples() && r.ratio() >= rule.threshold()) {
                out.add(new Observation(labels("saga_type", r.sagaType()), r.ratio(), List.of(),
                        link("/sagas", "type", r.sagaType(), "startedFrom", now.minus(rule.window()).toString())));
            }
        }
        return out;
    }

    private List<Observation> compensation(AlertRule rule, CompensationSignals compensations) {
        List<Observation> out = new ArrayList<>();
        for (CompensationSignals.CompensationProblems p : compensations.problems(rule.sagaType(), rule.step())) {
            if ((rule.outcome() == null || rule.outcome().equals(p.outcome().name())) && p.count() >= rule.threshold()) {
                out.add(new Observation(labels("saga_type", p.sagaType(), "step", p.step(), "outcome",
                        p.outcome().name()), p.count(), p.sampleIds(), link("/sagas", "type", p.sagaType(), "step",
                        p.step(), "compensation", p.outcome().name())));
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
        String lookback = rule.window().toString();
        if (rule.kind() == io.opsplane.alerting.rule.RuleKind.SERVICE_ERROR_RATIO) {
            return t.errorRatio() >= rule.threshold() ? List.of(new Observation(labels, t.errorRatio(), List.of(),
                    link("/traces", "service", rule.service(), "operation", rule.operation(), "error", "true",
                            "lookback", lookback))) : List.of();
        }
        return t.p95Millis() != null && t.p95Millis() >= rule.threshold()
                ? List.of(new Observation(labels, t.p95Millis(), List.of(), link("/traces", "service", rule.service(),
                "operation", rule.operation(), "minDuration", (long) rule.threshold() + "ms", "lookback", lookback)))
                : List.of();
    }

    private List<Observation> logCount(AlertRule rule, LogSignals logs, Instant now) {
        long count = logs.count(rule.query(), rule.service(), rule.window(), now);
        return count >= rule.threshold() ? List.of(new Observation(labels("service", rule.service()), count,
                List.of(), link("/logs", "q", rule.query(), "service", rule.service(), "lookback",
                rule.window().toString()))) : List.of();
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

    /** A console URL with the given query parameters, leaving out absent values. */
    private String link(String path, String... pairs) {
        String query = labels(pairs).entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return consoleUrl + path + (query.isEmpty() ? "" : "?" + query);
    }
}
