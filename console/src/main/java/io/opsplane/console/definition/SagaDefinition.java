package io.opsplane.console.definition;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a saga type: how its events are recognised and keyed, its expected steps in
 * order, its deadlines and its terminal events.
 */
public final class SagaDefinition {

    private final String type;
    private final int version;
    private final String source;
    private final KeyExtractor correlation;
    private final Map<String, KeyExtractor> businessKeys;
    private final Map<String, KeyExtractor> searchKeys;
    private final Map<String, List<EventMatcher>> events;
    private final String startedBy;
    private final List<StepDefinition> steps;
    private final String completedBy;
    private final String compensatingBy;
    private final String compensatedBy;
    private final Duration deadline;
    private final Duration stepTimeout;
    private final Duration compensationGrace;
    private final Map<String, EventRole> roles;

    SagaDefinition(String type, int version, String source, KeyExtractor correlation,
                   Map<String, KeyExtractor> businessKeys, Map<String, KeyExtractor> searchKeys,
                   Map<String, List<EventMatcher>> events, String startedBy,
                   List<StepDefinition> steps, String completedBy, String compensatingBy, String compensatedBy,
                   Duration deadline, Duration stepTimeout, Duration compensationGrace) {
        this.type = type;
        this.version = version;
        this.source = source;
        this.correlation = correlation;
        this.businessKeys = Collections.unmodifiableMap(businessKeys);
        this.searchKeys = Collections.unmodifiableMap(searchKeys);
        this.events = Collections.unmodifiableMap(events);
        this.startedBy = startedBy;
        this.steps = List.copyOf(steps);
        this.completedBy = completedBy;
        this.compensatingBy = compensatingBy;
        this.compensatedBy = compensatedBy;
        this.deadline = deadline;
        this.stepTimeout = stepTimeout;
        this.compensationGrace = compensationGrace;
        this.roles = rolesOf();
    }

    private Map<String, EventRole> rolesOf() {
        Map<String, EventRole> byName = new HashMap<>();
        for (StepDefinition step : steps) {
            byName.put(step.completedBy(), new EventRole(EventKind.STEP_DONE, step));
            if (step.failedBy() != null) {
                byName.put(step.failedBy(), new EventRole(EventKind.STEP_FAILED, step));
            }
            if (step.compensable() && step.compensation().completedBy() != null) {
                byName.put(step.compensation().completedBy(), new EventRole(EventKind.COMPENSATED, step));
            }
        }
        if (startedBy != null) {
            byName.put(startedBy, new EventRole(EventKind.STARTED, null));
        }
        if (completedBy != null) {
            // the saga's completion may also close its last step
            EventRole asStep = byName.get(completedBy);
            byName.put(completedBy, new EventRole(EventKind.COMPLETED, asStep == null ? null : asStep.step()));
        }
        if (compensatingBy != null) {
            byName.put(compensatingBy, new EventRole(EventKind.COMPENSATING, null));
        }
        if (compensatedBy != null) {
            byName.put(compensatedBy, new EventRole(EventKind.COMPENSATED, null));
        }
        return Map.copyOf(byName);
    }

    /** The role of a named event in this version, or null when this version does not know it. */
    public EventRole roleOf(String eventName) {
        return roles.get(eventName);
    }

    public StepDefinition step(String name) {
        for (StepDefinition step : steps) {
            if (step.name().equals(name)) {
                return step;
            }
        }
        return null;
    }

    public Duration timeoutOf(StepDefinition step) {
        return step.timeout() != null ? step.timeout() : stepTimeout;
    }

    public Duration compensationTimeoutOf(StepDefinition step) {
        Duration own = step.compensable() ? step.compensation().timeout() : null;
        return own != null ? own : timeoutOf(step);
    }

    public String type() { return type; }
    public int version() { return version; }
    /** The file (or resource) this definition was read from. */
    public String source() { return source; }
    public KeyExtractor correlation() { return correlation; }
    public Map<String, KeyExtractor> businessKeys() { return businessKeys; }

    /**
     * Payload values the saga list's any-key search also finds (a product's sku, a coupon code), not shown as
     * business keys; a pointer may step through every element of an array with {@code *} ({@code /items/*}{@code /sku}).
     */
    public Map<String, KeyExtractor> searchKeys() { return searchKeys; }
    public Map<String, List<EventMatcher>> events() { return events; }
    public String startedBy() { return startedBy; }
    public List<StepDefinition> steps() { return steps; }
    public String completedBy() { return completedBy; }
    public String compensatedBy() { return compensatedBy; }
    public Duration deadline() { return deadline; }
    public Duration compensationGrace() { return compensationGrace; }

    @Override
    public String toString() {
        return type + " v" + version;
    }
}
