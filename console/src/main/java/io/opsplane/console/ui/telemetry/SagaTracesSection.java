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
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.MaskedPart;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailSection;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The saga's traces (the trace ids its events carried) as one waterfall on a shared time axis, each
 * trace under a header linking to its own page; read after the page has opened, so Elasticsearch being
 * slow or away never holds up the saga.
 */
@org.springframework.stereotype.Component
@Order(14)
class SagaTracesSection extends MaskedPart<Traces> implements SagaDetailSection {

    private final SagaQueries sagas;
    private final Migration migration;

    SagaTracesSection(SagaQueries sagas, Traces traces, Masking masking, Migration migration) {
        super("sagaTraces.title", traces, masking);
        this.sagas = sagas;
        this.migration = migration;
    }

    /** The saga's trace ids and those of them with spans stored. */
    record Found(List<String> traceIds, List<TraceDetail> traces) {
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        long id = saga.saga().id();
        return SagaTelemetry.section("saga-traces", t("sagaTraces.loading"), () -> {
            List<String> ids = sagas.traceIds(id).orElse(List.of());
            return new Found(ids, ids.isEmpty() ? List.of() : read(traces -> traces.traces(ids)));
        }, this::show, Widgets.TRACES_UNAVAILABLE, t("sagaTraces.what"));
    }

    private Component show(Found found) {
        if (found.traceIds().isEmpty()) {
            return Widgets.muted(t("sagaTraces.noContext"));
        }
        if (found.traces().isEmpty()) {
            return Widgets.muted(t("sagaTraces.noSpans", found.traceIds().size(), String.join(", ", found.traceIds())));
        }
        Div shown = new Div();
        List<String> legacy = migration.legacyAmong(found.traces().stream().flatMap(t -> t.services().stream())
                .toList());
        if (!legacy.isEmpty()) {
            // the saga crosses the monolith: worth seeing before reading the waterfall
            Span mark = new Span(t("sagaTraces.legacy", String.join(", ", legacy)));
            mark.getElement().getThemeList().add("badge contrast");
            mark.setId("saga-legacy");
            shown.add(new Div(mark));
        }
        int missing = found.traceIds().size() - found.traces().size();
        int spans = found.traces().stream().mapToInt(t -> t.spans().size()).sum();
        String span = Durations.readable(Waterfall.span(found.traces()).toNanos() / 1000);
        shown.add(Widgets.muted(missing == 0 ? t("sagaTraces.summary", found.traces().size(), spans, span)
                : t("sagaTraces.summary.missing", found.traces().size(), spans, span, missing)));
        Waterfall waterfall = new Waterfall(found.traces(), true);
        waterfall.setId("saga-waterfall");
        shown.add(waterfall);
        return shown;
    }
}
