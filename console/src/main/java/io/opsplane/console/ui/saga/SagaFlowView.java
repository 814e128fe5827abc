package io.opsplane.console.ui.saga;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaFlow;
import io.opsplane.console.saga.SagaFlows;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.kit.WindowPage;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A saga type drawn as its steps ({@code /flow?type=order-placement&lookback=1h}): how many of its sagas are at each
 * step now, running, stuck, failed or compensating (each count opens that list), how long each step took over the
 * window, which way the sagas started there went, and the steps' 95th percentiles over time.
 */
@Route(value = SagaFlowView.PATH, layout = MainLayout.class)
@Menu(order = 2.5, title = "Saga flow")
@RolesAllowed("VIEWER")
public class SagaFlowView extends WindowPage {

    public static final String PATH = "flow";
    /** The live counts, in the order a card shows them, with the status each one lists (and its words' key). */
    private static final List<SagaStatus> COUNTS = List.of(SagaStatus.RUNNING, SagaStatus.STUCK, SagaStatus.FAILED,
            SagaStatus.COMPENSATING);

    private final SagaFlows flows;
    private final Select<String> type = new Select<>();
    private TimeWindow window = TimeWindow.last(TimeWindow.DEFAULT_LOOKBACK);

    public SagaFlowView(SagaFlows flows, SagaDefinitions definitions) {
        super("flow.title");
        this.flows = flows;
        type.setLabel(t("flow.type"));
        type.setItems(definitions.types());
        type.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, location(e.getValue(), window)));
                show();
            }
        });
        lookback.onChosen(chosen -> location(type.getValue(), chosen), this::show);
        layOut("flow", type, lookback, refreshButton(this::show));
    }

    /** The flow of {@code sagaType} over {@code window}. */
    public static String location(String sagaType, TimeWindow window) {
        Map<String, String> values = new LinkedHashMap<>();
        if (sagaType != null) {
            values.put("type", sagaType);
        }
        window.putInto(values);
        return QueryReader.location(PATH, values);
    }

    @Override
    protected void readAddress(QueryReader read) {
        String asked = read.text("type");
        List<String> types = type.getListDataView().getItems().toList();
        type.setValue(asked != null ? asked : types.isEmpty() ? null : types.getFirst());
    }

    @Override
    protected void show(TimeWindow chosen) {
        window = chosen;
        show();
    }

    private void show() {
        body.removeAll();
        Instant now = Instant.now();
        String shown = type.getValue();
        SagaFlow flow = shown == null ? null : flows.flow(shown, window.start(now), window.end(now));
        if (flow == null) {
            caption.setText("");
            body.add(Widgets.note("flow-empty", shown == null ? t("flow.noDefinitions")
                    : t("flow.noType", shown)));
            return;
        }
        caption.setText(t("flow.caption", flow.paths().started(), window.describe()));
        Div steps = new Div();
        steps.addClassName("opsplane-flow");
        steps.setId("flow-steps");
        for (int i = 0; i < flow.steps().size(); i++) {
            if (i > 0) {
                Span arrow = new Span("→");
                arrow.addClassName("opsplane-flow-arrow");
                arrow.getElement().setAttribute("aria-hidden", "true");
                steps.add(arrow);
            }
            steps.add(card(flow.type(), flow.steps().get(i), flow.measuredAll()));
        }
        body.add(steps, paths(flow, now), chart(flow));
    }

    private static Div card(String sagaType, SagaFlow.Step step, boolean measuredAll) {
        Div card = new Div();
        card.addClassName("opsplane-card");
        card.addClassName("opsplane-flow-step");
        card.getElement().setAttribute("data-step", step.name());
        if (step.stuck() > 0 || step.failed() > 0) {
            card.addClassName("opsplane-flow-attention");
        }
        H3 name = new H3(step.name());
        card.add(name, Widgets.muted(step.defined()
                ? (step.timeout() == null ? step.service() : t("flow.step.timeout", step.service(), readable(step.timeout())))
                : t("flow.step.earlier")));
        Div counts = new Div();
        counts.addClassName("opsplane-flow-counts");
        long[] values = {step.running(), step.stuck(), step.failed(), step.compensating()};
        for (int i = 0; i < COUNTS.size(); i++) {
            SagaStatus status = COUNTS.get(i);
            SagaFilter filter = new SagaFilter(sagaType, status, null, null, null, null, null, null, null, null, null,
                    null).withStep(step.name());
            Component count = values[i] == 0 ? new Span("0") : SagaLinks.countLink(values[i], filter);
            count.getElement().setAttribute("data-count", status.name());
            Div line = new Div(Widgets.sentence("flow.count." + status.name(), count));
            if (values[i] == 0) {
                line.addClassName("opsplane-muted");
            } else if (status == SagaStatus.STUCK || status == SagaStatus.FAILED) {
                line.addClassName("opsplane-error");
            }
            counts.add(line);
        }
        Div timing = new Div();
        timing.addClassName("opsplane-flow-timing");
        timing.getElement().setAttribute("data-finished", String.valueOf(step.finished()));
        timing.setText(step.finished() == 0 ? t("flow.timing.none")
                : t(measuredAll ? "flow.timing" : "flow.timing.newest", readable(step.p50()), readable(step.p95()),
                        step.finished()));
        card.add(counts, timing);
        return card;
    }

    /** Which way the sagas started in the window went: completed, compensated, closed by an operator, still open. */
    private Div paths(SagaFlow flow, Instant now) {
        SagaFlow.Paths paths = flow.paths();
        Div line = new Div();
        line.setId("flow-paths");
        line.addClassName("opsplane-flow-paths");
        if (paths.started() == 0) {
            line.add(Widgets.muted(t("flow.paths.none", flow.type(), window.describe())));
            return line;
        }
        SagaFilter started = new SagaFilter(flow.type(), null, null, null, null, null, null, flow.from(), flow.to(),
                null, null, null);
        Component startedLink = SagaLinks.countLink(paths.started(), started);
        Span completed = pathPart(paths.completed(), paths.completedShare(), "completed",
                status(started, SagaStatus.COMPLETED));
        Span compensated = pathPart(paths.compensated(), paths.compensatedShare(), "compensated",
                status(started, SagaStatus.COMPENSATED));
        if (paths.resolved() > 0) {
            line.add(Widgets.sentence("flow.paths.resolved", startedLink, completed, compensated,
                    pathPart(paths.resolved(), null, "resolved", status(started, SagaStatus.RESOLVED)), paths.open()));
        } else {
            line.add(Widgets.sentence("flow.paths", startedLink, completed, compensated, paths.open()));
        }
        return line;
    }

    private static SagaFilter status(SagaFilter filter, SagaStatus status) {
        return new SagaFilter(filter.type(), status, null, null, null, null, null, filter.startedFrom(),
                filter.startedTo(), null, null, null);
    }

    /** One way the sagas went ({@code path}: completed, compensated, resolved), its count opening those sagas. */
    private static Span pathPart(long count, Double share, String path, SagaFilter filter) {
        Component counted = count == 0 ? new Span("0") : SagaLinks.countLink(count, filter);
        Span part = Widgets.sentence("flow.path." + path, counted, share == null ? null : Math.round(share * 100));
        part.getElement().setAttribute("data-path", path);
        return part;
    }

    /** Each step's 95th percentile per bucket of the window: a step slowing down shows as a rising line. */
    private static Div chart(SagaFlow flow) {
        ObjectNode data = Charts.data();
        ArrayNode series = data.putArray("series");
        for (SagaFlow.Step step : flow.steps()) {
            ArrayNode values = series.addObject().put("name", step.name()).putArray("values");
            for (int i = 0; i < flow.buckets().size(); i++) {
                Duration p95 = step.p95ByBucket().get(i);
                ArrayNode point = values.addArray().add(flow.buckets().get(i).toEpochMilli());
                if (p95 == null) {
                    point.addNull();
                } else {
                    point.add(p95.toMillis() / 1000.0);
                }
            }
        }
        String description = t("flow.chart", flow.type(), String.join(
                ", ", flow.steps().stream().map(s -> s.name() + " " + readable(s.p95())).toList()));
        return Charts.chart("flow-durations-chart", description, data, Map.of("p95", t("flow.chart.axis"),
                "seconds", t("chart.seconds")), """
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  tooltip: { trigger: 'axis', formatter: (ps) => ps.filter((p) => p.value[1] != null)
                             .map((p) => html(p.seriesName) + ': ' + fill(words.seconds, p.value[1])).join('<br>') },
                  legend: { top: 0, type: 'scroll', formatter: (name) => plain(name) },
                  grid: { left: 56, right: 16, top: 32, bottom: 32 },
                  xAxis: { type: 'time' },
                  yAxis: { type: 'value', min: 0, name: words.p95 },
                  series: data.series.map((s) => ({ name: s.name, type: 'line', connectNulls: false, data: s.values }))
                };""", null);
    }

    private static String readable(Duration duration) {
        return duration == null ? "–" : Durations.readable(duration.toNanos() / 1000);
    }
}
