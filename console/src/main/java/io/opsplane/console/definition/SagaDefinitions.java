package io.opsplane.console.definition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All loaded definitions, every version of every saga type. New instances take the latest
 * version; an instance keeps the version it started on. Events are recognised with the matchers of
 * all versions (newest first), so events of instances on older versions are still recognised.
 */
public final class SagaDefinitions {

    private final Map<String, NavigableMap<Integer, SagaDefinition>> byType;
    private final Map<String, List<EventMatcherOf>> matchersByTopic;

    public SagaDefinitions(Collection<SagaDefinition> definitions) {
        Map<String, NavigableMap<Integer, SagaDefinition>> types = new LinkedHashMap<>();
        for (SagaDefinition definition : definitions) {
            SagaDefinition earlier = types.computeIfAbsent(definition.type(), t -> new TreeMap<>())
                    .putIfAbsent(definition.version(), definition);
            if (earlier != null) {
                throw new DefinitionException(definition.source() + ": saga type '" + definition.type() + "' version "
                        + definition.version() + " is already defined in " + earlier.source());
            }
        }
        this.byType = types;
        Map<String, List<EventMatcherOf>> topics = new HashMap<>();
        for (NavigableMap<Integer, SagaDefinition> versions : types.values()) {
            Set<String> seen = new TreeSet<>();
            for (SagaDefinition definition : versions.descendingMap().values()) {
                for (Map.Entry<String, List<EventMatcher>> event : definition.events().entrySet()) {
                    if (seen.add(event.getKey())) {
                        for (EventMatcher matcher : event.getValue()) {
                            topics.computeIfAbsent(matcher.topic(), t -> new ArrayList<>())
                                    .add(new EventMatcherOf(definition.type(), matcher));
                        }
                    }
                }
            }
        }
        this.matchersByTopic = topics;
    }

    /** A matcher and the saga type it belongs to. */
    public record EventMatcherOf(String sagaType, EventMatcher matcher) {
    }

    public List<EventMatcherOf> matchersFor(String topic) {
        return matchersByTopic.getOrDefault(topic, List.of());
    }

    public Set<String> topics() {
        return new TreeSet<>(matchersByTopic.keySet());
    }

    /** Every topic events are read from, and every topic compensation or retry commands go to. */
    public Set<String> topicsInvolved() {
        Set<String> topics = topics();
        all().forEach(definition -> definition.steps().forEach(step -> {
            if (step.compensation() != null && step.compensation().topic() != null) {
                topics.add(step.compensation().topic());
            }
            for (StepDefinition.Command command : Arrays.asList(step.command(), step.retry())) {
                if (command != null && command.topic() != null) {
                    topics.add(command.topic());
                }
            }
        }));
        return topics;
    }

    public boolean isEmpty() {
        return byType.isEmpty();
    }

    /** The saga types defined, sorted. */
    public List<String> types() {
        return byType.keySet().stream().sorted().toList();
    }

    public SagaDefinition latest(String type) {
        NavigableMap<Integer, SagaDefinition> versions = byType.get(type);
        return versions == null ? null : versions.lastEntry().getValue();
    }

    public SagaDefinition version(String type, int version) {
        NavigableMap<Integer, SagaDefinition> versions = byType.get(type);
        return versions == null ? null : versions.get(version);
    }

    public List<SagaDefinition> all() {
        return byType.values().stream().flatMap(v -> v.values().stream())
                .sorted(Comparator.comparing(SagaDefinition::type).thenComparing(SagaDefinition::version))
                .toList();
    }
}
