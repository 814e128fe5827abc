package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.telemetry.trace.TraceDetail;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailView;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

/**
 * One trace at {@code /traces/{traceId}}: its waterfall with the chosen span's details, the saga it
 * belongs to (the saga whose events carried its trace id), and a link to its logs.
 */
@Route(value = TracesView.PATH + "/:traceId", layout = MainLayout.class)
@RolesAllowed("VIEWER")
public class TraceView extends ConsolePage implements BeforeEnterObserver {

    /** Log records of a trace are looked for this long around it. */
    static final Duration LOG_MARGIN = Duration.ofMinutes(15);

    private final Traces traces;
    private final Masking masking;

    public TraceView(Traces traces, Masking masking) {
        super("traces.title");
        setPageTitle(t("trace.pageTitle"));
        this.traces = traces;
        this.masking = masking;
    }

    /** "traces/4bf92f3577b34da6a3ce929d0e0e4736". */
    public static String location(String traceId) {
        return TracesView.PATH + "/" + traceId;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String given = event.getRouteParameters().get("traceId").orElse("");
        H2 heading = new H2(t("trace.title", given));
        heading.addClassName("m-0");
        heading.setId("trace-title");
        add(heading);
        if (!Traces.isTraceId(given)) {
            Div problem = Widgets.problem(t("trace.notAnId", given));
            problem.setId("trace-problem");
            add(problem, new Anchor(TracesView.PATH, t("trace.search")));
            return;
        }
        String traceId = Traces.canonicalId(given);
        setPageTitle(t("trace.pageTitle.id", traceId));
        heading.setText(t("trace.title", traceId));
        Optional<TraceDetail> found;
        try {
            found = traces.trace(traceId).map(masking::forCurrentUser);
        } catch (RuntimeException e) {
            add(Widgets.telemetryProblem(e, Widgets.TRACES_UNAVAILABLE, t("trace.what"),
                    "trace-problem"), sagaLinks(traceId));
            return;
        }
        if (found.isEmpty()) {
            Div problem = Widgets.problem(t("trace.notStored", traceId));
            problem.setId("trace-problem");
            add(problem, sagaLinks(traceId), new Anchor(TracesView.PATH, t("trace.search")));
            return;
        }
        show(found.get());
    }

    private void show(TraceDetail trace) {
        TraceDetail.Span root = trace.spans().getFirst();
        HorizontalLayout summary = new HorizontalLayout();
        summary.setAlignItems(FlexComponent.Alignment.BASELINE);
        summary.addClassName("opsplane-trace-summary");
        summary.add(new Span(root.service() + " · " + root.operation()),
                Widgets.muted(t("trace.summary", UserTime.format(trace.start()), UserTime.zoneName(),
                        Durations.readable(trace.duration().toNanos() / 1000), trace.spans().size(),
                        trace.services().size())));
        if (trace.errorCount() > 0) {
            Span errors = new Span(t("trace.failedSpans", trace.errorCount()));
            errors.addClassName("opsplane-error");
            errors.setId("trace-errors");
            summary.add(errors);
        }
        TimeWindow around = TimeWindow.between(trace.start().minus(LOG_MARGIN),
                trace.start().plus(trace.duration()).plus(LOG_MARGIN));
        Anchor logs = new Anchor(LogSearchQuery.ofTrace(trace.traceId(), around).location(), t("trace.logs"));
        logs.setId("trace-logs-link");
        add(summary, new HorizontalLayout(sagaLinks(trace.traceId()), logs));
        Waterfall waterfall = new Waterfall(List.of(trace), false);
        waterfall.setId("trace-waterfall");
        add(waterfall);
    }

    /** The saga (or sagas) whose events carried this trace; saga data stays readable when Elasticsearch is away. */
    private Div sagaLinks(String traceId) {
        Div links = new Div();
        links.setId("trace-saga");
        List<SagaSummary> sagas;
        try {
            sagas = masking.forCurrentUser(traces.sagasOf(traceId));
        } catch (RuntimeException e) {
            links.add(Widgets.problem(t("trace.sagaLookupFailed", e.getMessage())));
            return links;
        }
        if (sagas.isEmpty()) {
            links.add(Widgets.muted(t("trace.noSaga")));
            return links;
        }
        links.add(new Span(t(sagas.size() == 1 ? "trace.saga" : "trace.sagas")), new Span(" "));
        for (SagaSummary saga : sagas) {
            Anchor link = new Anchor(SagaDetailView.location(saga.id()), saga.correlationKey());
            link.getElement().setAttribute("data-saga", String.valueOf(saga.id()));
            Span status = Widgets.status(saga.status());
            links.add(link, new Span(" " + saga.type() + " "), status, new Span(" "));
        }
        return links;
    }
}
