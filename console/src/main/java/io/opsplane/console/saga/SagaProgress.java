package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opsplane.console.definition.EventKind;
import io.opsplane.console.definition.EventRole;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.StepDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The facts known about one saga instance: the first time each kind of event was seen, per step.
 * Recording keeps the earliest time, so the facts (and the state derived from them) are the same
 * whatever order and however often the events arrive.
 */
public final class SagaProgress {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Instant firstEventAt;
    private Instant lastEventAt;
    private Instant startedAt;
    private Instant compensatingAt;
    private Instant completedAt;
    private Instant compensatedAt;
    private final Map<String, Instant> done = new TreeMap<>();
    private final Map<String, Instant> failed = new TreeMap<>();
    private final Map<String, Instant> compensated = new TreeMap<>();

    /** Adds one event's fact. */
    public void record(EventRole role, Instant at) {
        firstEventAt = earliest(firstEventAt, at);
        lastEventAt = latest(lastEventAt, at);
        String step = role.step() == null ? null : role.step().name();
        switch (role.kind()) {
            case STARTED -> startedAt = earliest(startedAt, at);
            case STEP_DONE -> done.merge(step, at, SagaProgress::earliest);
            case STEP_FAILED -> failed.merge(step, at, SagaProgress::earliest);
            case COMPENSATING -> compensatingAt = earliest(compensatingAt, at);
            case COMPENSATED -> {
                if (step != null) {
                    compensated.merge(step, at, SagaProgress::earliest);
                } else {
                    compensatedAt = earliest(compensatedAt, at);
                }
            }
            case COMPLETED -> {
                completedAt = earliest(completedAt, at);
                if (step != null) {
                    done.merge(step, at, SagaProgress::earliest);
                }
            }
        }
    }

    public SagaState derive(SagaDefinition definition) {
        Instant started = startedAt != null ? startedAt : firstEventAt;
        Instant sagaDeadline = plus(started, definition.deadline());
        List<StepDefinition> steps = definition.steps();

        if (completedAt != null || done.keySet().containsAll(steps.stream().map(StepDefinition::name).toList())) {
            Instant ended = completedAt != null ? completedAt : done.values().stream().max(Instant::compareTo).orElse(lastEventAt);
            return new SagaState(SagaStatus.COMPLETED, null, null, null, started, lastEventAt, null, sagaDeadline, null, ended);
        }
        if (compensatedAt != null) {
            return new SagaState(SagaStatus.COMPENSATED, null, null, null, started, lastEventAt, null, sagaDeadline, null,
                    compensatedAt);
        }
        if (compensatingAt != null || !compensated.isEmpty()) {
            return compensating(definition, started, sagaDeadline);
        }
        for (StepDefinition step : steps) {
            Instant failedAt = failed.get(step.name());
            if (failedAt != null) {
                Instant graceEnd = plus(failedAt, definition.compensationGrace());
                return new SagaState(SagaStatus.FAILED, step.name(), null, step.service(), started, lastEventAt, null,
                        sagaDeadline, earliest(graceEnd, sagaDeadline), null);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            if (!done.containsKey(step.name())) {
                Instant entered = i == 0 ? started : done.get(steps.get(i - 1).name());
                Instant stepDeadline = plus(entered, definition.timeoutOf(step));
                return new SagaState(SagaStatus.RUNNING, step.name(), step.completedBy(), step.service(), started,
                        lastEventAt, stepDeadline, sagaDeadline, earliest(stepDeadline, sagaDeadline), null);
            }
        }
        throw new IllegalStateException("unreachable: every step is done but the saga is not completed");
    }

    /** Compensation runs backwards over the completed compensable steps; it waits on the latest one not yet undone. */
    private SagaState compensating(SagaDefinition definition, Instant started, Instant sagaDeadline) {
        Instant lastCompensation = latest(compensatingAt, compensated.values().stream().max(Instant::compareTo).orElse(null));
        List<StepDefinition> steps = definition.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            StepDefinition step = steps.get(i);
            if (step.compensable() && done.containsKey(step.name()) && !compensated.containsKey(step.name())) {
                Instant stepDeadline = plus(lastCompensation, definition.compensationTimeoutOf(step));
                return new SagaState(SagaStatus.COMPENSATING, step.name(), step.compensation().completedBy(),
                        step.service(), started, lastEventAt, stepDeadline, sagaDeadline,
                        earliest(stepDeadline, sagaDeadline), null);
            }
        }
        if (definition.compensatedBy() == null) {
            return new SagaState(SagaStatus.COMPENSATED, null, null, null, started, lastEventAt, null, sagaDeadline, null,
                    lastCompensation);
        }
        // every step is undone; what is left is the saga's own compensated event
        return new SagaState(SagaStatus.COMPENSATING, null, definition.compensatedBy(), null, started, lastEventAt, null,
                sagaDeadline, sagaDeadline, null);
    }

    /** When the saga started: its start event, or the first event seen when that is missing. */
    public Instant startedAt() { return startedAt != null ? startedAt : firstEventAt; }
    public Instant stepDoneAt(String step) { return done.get(step); }
    public Instant stepFailedAt(String step) { return failed.get(step); }
    public Instant stepCompensatedAt(String step) { return compensated.get(step); }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        put(node, "first", firstEventAt);
        put(node, "last", lastEventAt);
        put(node, "started", startedAt);
        put(node, "compensating", compensatingAt);
        put(node, "completed", completedAt);
        put(node, "compensatedAll", compensatedAt);
        putAll(node, "done", done);
        putAll(node, "failed", failed);
        putAll(node, "compensated", compensated);
        return JSON.writeValueAsString(node);
    }

    public static SagaProgress fromJson(String json) {
        SagaProgress progress = new SagaProgress();
        JsonNode node = JSON.readTree(json);
        progress.firstEventAt = get(node, "first");
        progress.lastEventAt = get(node, "last");
        progress.startedAt = get(node, "started");
        progress.compensatingAt = get(node, "compensating");
        progress.completedAt = get(node, "completed");
        progress.compensatedAt = get(node, "compensatedAll");
        getAll(node, "done", progress.done);
        getAll(node, "failed", progress.failed);
        getAll(node, "compensated", progress.compensated);
        return progress;
    }

    private static void put(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, value.toEpochMilli());
        }
    }

    private static void putAll(ObjectNode node, String field, Map<String, Instant> values) {
        if (!values.isEmpty()) {
            ObjectNode child = node.putObject(field);
            values.forEach((step, at) -> child.put(step, at.toEpochMilli()));
        }
    }

    private static Instant get(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : Instant.ofEpochMilli(value.asLong());
    }

    private static void getAll(JsonNode node, String field, Map<String, Instant> into) {
        JsonNode child = node.get(field);
        if (child != null) {
            for (Map.Entry<String, JsonNode> entry : child.properties()) {
                into.put(entry.getKey(), Instant.ofEpochMilli(entry.getValue().asLong()));
            }
        }
    }

    private static Instant plus(Instant at, Duration duration) {
        return at == null || duration == null ? null : at.plus(duration);
    }

    static Instant earliest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SagaProgress p && toJson().equals(p.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }
}
