package io.opsplane.console.telemetry.trace;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceSpan;

/**
 * A whole trace as a waterfall draws it: spans in tree order (each after its parent, siblings by start),
 * each with its depth below the root, offsets in microseconds from the trace's first start.
 */
public record TraceDetail(String traceId, Instant start, Duration duration, List<Span> spans) {

    /** A tag, process tag or event field, its value as text. */
    public record Field(String key, String value) {
    }

    /** A span's event (Jaeger's span log), {@code offsetMicros} from the trace's start. */
    public record Event(long offsetMicros, List<Field> fields) {
    }

    /** CHILD_OF, FOLLOWS_FROM: another span this one refers to. */
    public record Reference(String type, String traceId, String spanId) {
    }

    public record Span(String spanId, String parentSpanId, int depth, String service, String operation,
                       long offsetMicros, long durationMicros, boolean error, String kind, List<Field> tags,
                       List<Field> processTags, List<Event> events, List<Reference> references) {
    }

    public List<String> services() {
        Set<String> services = new LinkedHashSet<>();
        spans.forEach(span -> services.add(span.service()));
        return List.copyOf(services);
    }

    public int errorCount() {
        return (int) spans.stream().filter(Span::error).count();
    }

    static TraceDetail of(List<TraceSpan> stored) {
        long first = stored.stream().mapToLong(TraceSpan::startMicros).min().orElse(0);
        long last = stored.stream().mapToLong(s -> s.startMicros() + s.durationMicros()).max().orElse(0);
        Set<String> ids = new HashSet<>();
        stored.forEach(s -> ids.add(s.spanId()));
        Map<String, List<TraceSpan>> children = new HashMap<>();
        List<TraceSpan> roots = new ArrayList<>();
        for (TraceSpan span : stored) {
            String parent = span.parent();
            if (parent == null || !ids.contains(parent) || parent.equals(span.spanId())) {
                roots.add(span);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(span);
            }
        }
        Comparator<TraceSpan> byStart = Comparator.comparingLong(TraceSpan::startMicros).thenComparing(TraceSpan::spanId);
        roots.sort(byStart);
        children.values().forEach(list -> list.sort(byStart));
        List<Span> ordered = new ArrayList<>(stored.size());
        Set<String> placed = new HashSet<>();
        for (TraceSpan root : roots) {
            place(root, 0, first, children, ordered, placed);
        }
        // spans in a parent cycle are reachable from no root: shown at the top level rather than lost
        for (TraceSpan span : stored) {
            if (!placed.contains(span.spanId())) {
                place(span, 0, first, children, ordered, placed);
            }
        }
        String traceId = stored.isEmpty() ? "" : TraceIds.canonical(stored.getFirst().traceId());
        return new TraceDetail(traceId, Instant.EPOCH.plus(first, ChronoUnit.MICROS), Duration.of(last - first,
                ChronoUnit.MICROS), List.copyOf(ordered));
    }

    private static void place(TraceSpan span, int depth, long first, Map<String, List<TraceSpan>> children,
                              List<Span> ordered, Set<String> placed) {
        // iterative, so a very deep trace cannot overflow the stack
        record Pending(TraceSpan span, int depth) {
        }
        List<Pending> stack = new ArrayList<>();
        stack.add(new Pending(span, depth));
        while (!stack.isEmpty()) {
            Pending next = stack.removeLast();
            if (!placed.add(next.span().spanId())) {
                continue;
            }
            ordered.add(view(next.span(), next.depth(), first));
            List<TraceSpan> below = children.getOrDefault(next.span().spanId(), List.of());
            for (int i = below.size() - 1; i >= 0; i--) {
                stack.add(new Pending(below.get(i), next.depth() + 1));
            }
        }
    }

    private static Span view(TraceSpan span, int depth, long first) {
        String kind = null;
        List<Field> tags = new ArrayList<>();
        for (TraceSpan.Tag tag : span.tags()) {
            if (tag.key().equals("span.kind")) {
                kind = String.valueOf(tag.value());
            }
            tags.add(field(tag));
        }
        List<Event> events = span.logs().stream().map(log -> new Event(log.timestampMicros() - first,
                log.fields().stream().map(TraceDetail::field).toList())).toList();
        List<Reference> references = span.references().stream()
                .map(ref -> new Reference(ref.refType(), Traces.isTraceId(ref.traceId()) ? TraceIds.canonical(ref.traceId()) : ref.traceId(), ref.spanId())).toList();
        return new Span(span.spanId(), span.parent(), depth, span.process().serviceName(), span.operationName(),
                span.startMicros() - first, span.durationMicros(), span.hasError(), kind, List.copyOf(tags),
                span.process().tags().stream().map(TraceDetail::field).toList(), events, references);
    }

    private static Field field(TraceSpan.Tag tag) {
        return new Field(tag.key(), String.valueOf(tag.value()));
    }
}
