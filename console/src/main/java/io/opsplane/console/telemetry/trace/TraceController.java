package io.opsplane.console.telemetry.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceReader;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import io.opsplane.console.web.NotFoundException;
import io.opsplane.console.web.RequestWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Traces in Opsplane's own API: service figures, the dependency graph, and the link between sagas and traces. */
@RestController
@Tag(name = "Traces", description = "Traces from Jaeger's Elasticsearch indices, and their sagas")
record TraceController(TraceReader reader, Traces traces, SagaQueries sagas) {

    private static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    /** A saga's traces, and which of its trace ids have no spans stored. */
    record SagaTraces(long sagaId, List<TraceSummary> traces, List<String> notFound) {
    }

    @GetMapping("/api/sagas/{id}/traces")
    @Operation(summary = "The traces a saga's events carried, as summaries (with full=true, each whole)")
    SagaTraces sagaTraces(@PathVariable long id, @RequestParam(defaultValue = "false") boolean full) {
        List<String> traceIds = sagas.traceIds(id).orElseThrow(() -> new NotFoundException("no saga with id " + id));
        List<TraceSummary> summaries = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<List<TraceSpan>> traces = reader.traces(traceIds);
        for (List<TraceSpan> trace : traces) {
            summaries.add(TraceSummary.of(trace, full));
        }
        for (String traceId : traceIds) {
            if (summaries.stream().noneMatch(s -> TraceIds.same(s.traceId(), traceId))) {
                notFound.add(traceId);
            }
        }
        summaries.sort((a, b) -> a.start().compareTo(b.start()));
        return new SagaTraces(id, summaries, notFound);
    }

    @GetMapping("/api/traces/{traceId}/saga")
    @Operation(summary = "The saga (or sagas) whose events carried this trace id")
    List<SagaSummary> sagaOfTrace(@PathVariable String traceId) {
        TraceIds.validated(traceId);
        List<SagaSummary> found = sagas.withTraceId(TraceIds.storedForms(traceId));
        if (found.isEmpty()) {
            throw new NotFoundException("no saga event carries trace id " + traceId);
        }
        return found;
    }

    @GetMapping("/api/traces/dependencies")
    @Operation(summary = "Calls between services (parent and child spans of different services) over a window")
    List<TraceReader.Dependency> dependencies(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant start,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant end) {
        RequestWindow window = RequestWindow.of(start, end, DEFAULT_WINDOW);
        return reader.dependencies(window.from(), window.to());
    }

    @GetMapping("/api/traces/service-map")
    @Operation(summary = "The service map over a window: direct calls between services, and the Kafka topics each"
            + " service produces to or consumes from (from spans' messaging attributes)")
    ServiceMap serviceMap(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant start,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant end) {
        RequestWindow window = RequestWindow.of(start, end, DEFAULT_WINDOW);
        return traces.serviceMap(window.from(), window.to());
    }

    @GetMapping("/api/traces/red")
    @Operation(summary = "Rate, error ratio and latency percentiles per service and per operation over a window")
    List<TraceReader.Red> red(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant start,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant end,
            @RequestParam(required = false) String service,
            @Parameter(description = "only spans of this kind, e.g. server")
            @RequestParam(required = false) String spanKind) {
        RequestWindow window = RequestWindow.of(start, end, DEFAULT_WINDOW).ordered();
        return reader.red(window.from(), window.to(), service, spanKind);
    }
}
