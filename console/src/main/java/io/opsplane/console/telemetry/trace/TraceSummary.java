package io.opsplane.console.telemetry.trace;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.opsplane.console.telemetry.trace.jaeger.JaegerUiJson;
import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import tools.jackson.databind.JsonNode;

/**
 * One trace at a glance: its root (the earliest span without a parent in the trace), when it started,
 * how long it took from first start to last end, how many spans and how many failed. {@code trace} is
 * the whole trace in Jaeger UI's JSON when asked for, else null.
 */
record TraceSummary(String traceId, String rootService, String rootOperation, Instant start, long durationMicros,
                    int spanCount, int errorCount, JsonNode trace) {

    static TraceSummary of(List<TraceSpan> spans, boolean full) {
        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(s.spanId()));
        TraceSpan root = null;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int errors = 0;
        for (TraceSpan span : spans) {
            boolean isRoot = span.parent() == null || !ids.contains(span.parent());
            if (isRoot && (root == null || span.startMicros() < root.startMicros())) {
                root = span;
            }
            first = Math.min(first, span.startMicros());
            last = Math.max(last, span.startMicros() + span.durationMicros());
            errors += span.hasError() ? 1 : 0;
        }
        if (root == null) {
            root = spans.getFirst();
        }
        return new TraceSummary(TraceIds.canonical(root.traceId()), root.process().serviceName(),
                root.operationName(), Instant.EPOCH.plus(first, ChronoUnit.MICROS), last - first, spans.size(), errors,
                full ? JaegerUiJson.trace(spans) : null);
    }
}
