package io.opsplane.alerting.rule;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** What a rule watches; each kind names the fields it takes besides the common ones. */
public enum RuleKind {
    /** Sagas stuck now, per type, step and reason; value = how many. */
    SAGA_STUCK("saga-stuck", Set.of("sagaType", "step", "reason", "threshold")),
    /** Share of the sagas started within the window that failed; value = ratio 0..1. */
    SAGA_FAILURE_RATIO("saga-failure-ratio", Set.of("sagaType", "window", "minSagas", "threshold")),
    /**
     * How long a step took at the 95th percentile, for the sagas started within the window, as a share of the step's
     * timeout, per saga type and step; value = ratio (1 = the timeout). Warns while a step slows down, before its
     * sagas start timing out.
     */
    STEP_DURATION_P95("step-duration-p95", Set.of("sagaType", "step", "window", "minSagas", "threshold")),
    /** Compensation actions unverified or failed, per type, step and outcome; value = how many. */
    COMPENSATION("compensation", Set.of("sagaType", "step", "outcome", "threshold")),
    /** A service's share of error spans within the window; value = ratio 0..1. */
    SERVICE_ERROR_RATIO("service-error-ratio", Set.of("service", "operation", "window", "minSpans", "threshold")),
    /** A service's 95th percentile span duration within the window; value = milliseconds. */
    SERVICE_LATENCY_P95("service-latency-p95", Set.of("service", "operation", "window", "minSpans", "threshold")),
    /**
     * A new service's error ratio on a route at the edge against the legacy services' on the same route within
     * the window; value = how many times legacy's it is.
     */
    MIGRATION_ERROR_RATIO("migration-error-ratio", Set.of("route", "service", "window", "minSpans", "threshold")),
    /**
     * Compensation commands confirmed but not delivered yet (their destination away), per destination; value = the
     * oldest one's age in seconds.
     */
    COMMAND_OUTBOX_AGE("command-outbox-age", Set.of("threshold")),
    /** Records a consumer group has not consumed on a watched topic, per group and topic; value = how many. */
    CONSUMER_LAG("consumer-lag", Set.of("service", "threshold")),
    /**
     * How long a consumer group has been behind on a watched topic without committing, per group and topic; value =
     * seconds.
     */
    CONSUMER_STALLED("consumer-stalled", Set.of("service", "threshold")),
    /** Log lines matching a query within the window; value = how many. */
    LOG_COUNT("log-count", Set.of("query", "service", "window", "threshold"));

    private final String id;
    private final Set<String> fields;

    RuleKind(String id, Set<String> fields) {
        this.id = id;
        this.fields = fields;
    }

    public String id() {
        return id;
    }

    Set<String> fields() {
        return fields;
    }

    static RuleKind of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst().orElse(null);
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(RuleKind::id).toList();
    }
}
