package io.opsplane.console.ui.telemetry;

import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.migration.Migration;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.telemetry.trace.TraceDetail;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.Background;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailSection;
import org.springframework.core.annotation.Order;

/**
 * The saga's traces (the trace ids its events carried) as one waterfall on a shared time axis, each
 * trace under a header linking to its own page; read after the page has opened, so Elasticsearch being
 * slow or away never holds up the saga.
 */
@org.springframework.stereotype.Component
@Order(14)
class SagaTracesSection implements SagaDetailSection {

    private final SagaQueries sagas;
    private final Traces traces;
    private final Masking masking;
    private final Migration migration;

    SagaTracesSection(SagaQueries sagas, Traces traces, Masking masking, Migration migration) {
        this.masking = masking;
        this.migration = migration;
        this.sagas = sagas;
        this.traces = traces;
    }

    @Override
    public String title() {
        return "Traces";
    }

    /** The saga's trace ids and those of them with spans stored. */
    record Found(List<String> traceIds, List<TraceDetail> traces) {
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        long id = saga.saga().id();
        Div section = Background.load("Loading the saga's traces from Elasticsearch…", () -> {
            List<String> ids = sagas.traceIds(id).orElse(List.of());
            return new Found(ids, ids.isEmpty() ? List.of() : masking.forCurrentUser(traces.traces(ids)));
        }, this::show, failure -> {
            Div problem = Widgets.telemetryProblem(failure, Widgets.TRACES_UNAVAILABLE, "the saga's traces");
            problem.setId("saga-traces-problem");
            return problem;
        });
        section.setId("saga-traces");
        section.setWidthFull();
        return section;
    }

    private Component show(Found found) {
        if (found.traceIds().isEmpty()) {
            return Widgets.muted("The saga's events carried no trace context (no traceparent, b3 or "
                    + "uber-trace-id), so there is no trace to show.");
        }
        if (found.traces().isEmpty()) {
            return Widgets.muted("No span of the saga's " + found.traceIds().size()
                    + (found.traceIds().size() == 1 ? " trace" : " traces") + " (" + String.join(", ", found.traceIds())
                    + ") is stored in Elasticsearch.");
        }
        Div shown = new Div();
        List<String> legacy = migration.legacyAmong(found.traces().stream().flatMap(t -> t.services().stream())
                .toList());
        if (!legacy.isEmpty()) {
            // the saga crosses the monolith: worth seeing before reading the waterfall
            Span mark = new Span("Runs through legacy: " + String.join(", ", legacy));
            mark.getElement().getThemeList().add("badge contrast");
            mark.setId("saga-legacy");
            shown.add(new Div(mark));
        }
        int missing = found.traceIds().size() - found.traces().size();
        int spans = found.traces().stream().mapToInt(t -> t.spans().size()).sum();
        shown.add(Widgets.muted(found.traces().size() + (found.traces().size() == 1 ? " trace, " : " traces, ") + spans
                + " spans on one time axis, " + Durations.readable(Waterfall.span(found.traces()).toNanos() / 1000)
                + " from the first start to the last end" + (missing == 0 ? "."
                : "; " + missing + " more trace ids have no spans stored.")));
        Waterfall waterfall = new Waterfall(found.traces(), true);
        waterfall.setId("saga-waterfall");
        shown.add(waterfall);
        return shown;
    }
}
