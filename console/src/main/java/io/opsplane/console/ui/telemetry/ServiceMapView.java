package io.opsplane.console.ui.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.opsplane.console.telemetry.trace.ServiceCall;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.LookbackSelect;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which service calls which over a window ({@code /service-map?lookback=1h} or {@code from}/{@code to}),
 * with call and error counts on the edges; edges with many errors drawn red and thick. Callers stand
 * left of the services they call. A click on a service opens its traces; the table below says the same
 * for keyboards and screen readers.
 */
@Route(value = ServiceMapView.PATH, layout = MainLayout.class)
@Menu(order = 5, title = "Service map")
@PageTitle("Service map · Opsplane")
@RolesAllowed("VIEWER")
public class ServiceMapView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "service-map";
    static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    /** An edge with at least this share of failed calls is drawn as error-heavy. */
    static final double ERROR_HEAVY = 0.05;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Traces traces;
    private final LookbackSelect lookback = new LookbackSelect();
    private final Span caption = new Span();
    private final Div problems = new Div();
    private final Div body = new Div();

    public ServiceMapView(Traces traces) {
        this.traces = traces;
        lookback.onChosen(ServiceMapView::location, this::show);
        HorizontalLayout header = header("Service map", caption, "service-map-caption", lookback);
        problems.setId("service-map-problems");
        problems.setVisible(false);
        body.setWidthFull();
        body.setId("service-map");
        add(header, problems, body);
    }

    static String location(TimeWindow window) {
        Map<String, String> values = new LinkedHashMap<>();
        window.putInto(values);
        return QueryReader.location(PATH, values);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryReader read = new QueryReader(event.getLocation().getQueryParameters());
        TimeWindow window = TimeWindow.parse(read, DEFAULT_LOOKBACK);
        Widgets.showLeftOut(problems, "", read.problems());
        lookback.show(window.lookback());
        show(window);
    }

    private void show(TimeWindow window) {
        body.removeAll();
        Instant now = Instant.now();
        List<ServiceCall> calls;
        try {
            calls = traces.serviceCalls(window.start(now), window.end(now));
        } catch (RuntimeException e) {
            caption.setText("");
            Div problem = Widgets.telemetryProblem(e, Widgets.TRACES_UNAVAILABLE, "the service map");
            problem.setId("service-map-problem");
            body.add(problem);
            return;
        }
        Set<String> services = new LinkedHashSet<>();
        calls.forEach(c -> {
            services.add(c.caller());
            services.add(c.callee());
        });
        long total = calls.stream().mapToLong(ServiceCall::calls).sum();
        long errors = calls.stream().mapToLong(ServiceCall::errors).sum();
        caption.setText(services.size() + " services, " + Widgets.number(total) + " calls, " + Widgets.number(errors)
                + " failed, " + window.describe());
        if (calls.isEmpty()) {
            Div empty = new Div(Widgets.muted("No calls between services in the " + window.describe()
                    + ": no trace has spans of two services in it. Widen the time range."));
            empty.setId("service-map-empty");
            body.add(empty);
            return;
        }
        body.add(graph(calls, services, window), table(calls, window));
    }

    /** Each service's column: one more than its furthest caller's (cycles are cut), so calls flow left to right. */
    private static Map<String, Integer> columns(List<ServiceCall> calls, Set<String> services) {
        Map<String, Integer> column = new HashMap<>();
        services.forEach(s -> column.put(s, 0));
        for (int round = 0; round < services.size(); round++) {
            boolean changed = false;
            for (ServiceCall call : calls) {
                int wanted = column.get(call.caller()) + 1;
                if (!call.caller().equals(call.callee()) && column.get(call.callee()) < wanted
                        && wanted < services.size()) {
                    column.put(call.callee(), wanted);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return column;
    }

    private static Div graph(List<ServiceCall> calls, Set<String> services, TimeWindow window) {
        Map<String, Integer> column = columns(calls, services);
        Map<Integer, Integer> rowsUsed = new HashMap<>();
        ObjectNode data = JSON.createObjectNode();
        ArrayNode nodes = data.putArray("nodes");
        for (String service : services) {
            int x = column.get(service);
            int y = rowsUsed.merge(x, 1, Integer::sum) - 1;
            boolean failing = calls.stream().anyMatch(c -> c.callee().equals(service) && c.errors() > 0);
            nodes.addObject().put("name", service).put("x", x * 240).put("y", y * 120)
                    .put("failing", failing).put("link", TraceSearchQuery.of(service).withWindow(window).location());
        }
        ArrayNode edges = data.putArray("edges");
        for (ServiceCall call : calls) {
            edges.addObject().put("source", call.caller()).put("target", call.callee()).put("calls", call.calls())
                    .put("errors", call.errors()).put("heavy", call.errorRatio() >= ERROR_HEAVY)
                    .put("label", Widgets.number(call.calls()) + " calls" + (call.errors() == 0 ? ""
                            : " · " + Widgets.number(call.errors()) + " errors"));
        }
        long heavy = calls.stream().filter(c -> c.errorRatio() >= ERROR_HEAVY).count();
        Div chart = Charts.chart("service-graph", services.size() + " services and " + calls.size()
                + " calls between them, " + heavy + " with many errors", data, """
                const text = dark ? '#e6e6e6' : '#333';
                const maxCalls = Math.max(...data.edges.map((e) => e.calls), 1);
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  tooltip: { formatter: (p) => p.dataType === 'edge'
                      ? html(p.data.source) + ' → ' + html(p.data.target) + '<br>' + html(p.data.label)
                      : html(p.data.name) + '<br>click for its traces' },
                  series: [{
                    type: 'graph', layout: 'none', roam: true, draggable: true,
                    symbolSize: 56, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 10,
                    label: { show: true, position: 'bottom', color: text, fontSize: 13, formatter: (p) => plain(p.name) },
                    edgeLabel: { show: true, formatter: (p) => plain(p.data.label), fontSize: 12, color: text },
                    data: data.nodes.map((n) => ({ name: n.name, x: n.x, y: n.y, link: n.link,
                        itemStyle: { color: n.failing ? '#f5a9ab' : '#9fb4e6', borderColor: n.failing ? '#e5484d' : '#5470c6',
                                     borderWidth: 2 } })),
                    links: data.edges.map((e) => ({ source: e.source, target: e.target, label: e.label,
                        lineStyle: { color: e.heavy ? '#e5484d' : '#8a94a6', width: e.heavy ? 4 : 1.5 + 3 * e.calls / maxCalls,
                                     curveness: 0.1, opacity: 0.9 } }))
                  }]
                };""", "if (params.dataType === 'node') { window.location.assign(params.data.link); }");
        chart.addClassName("opsplane-chart-tall");
        return chart;
    }

    private static NativeTable table(List<ServiceCall> calls, TimeWindow window) {
        NativeTable table = Widgets.table("Caller", "Called", "Calls", "Errors", "Error ratio");
        table.setId("service-calls");
        List<ServiceCall> sorted = new ArrayList<>(calls);
        sorted.sort((a, b) -> Double.compare(b.errorRatio(), a.errorRatio()) != 0
                ? Double.compare(b.errorRatio(), a.errorRatio()) : Long.compare(b.calls(), a.calls()));
        for (ServiceCall call : sorted) {
            Anchor caller = new Anchor(TraceSearchQuery.of(call.caller()).withWindow(window).location(), call.caller());
            Anchor callee = new Anchor(TraceSearchQuery.of(call.callee()).withWindow(window).location(), call.callee());
            Span ratio = new Span(String.format(Locale.ROOT, "%.1f %%", call.errorRatio() * 100));
            NativeTableRow row;
            if (call.errors() > 0) {
                Anchor errors = new Anchor(TraceSearchQuery.of(call.callee()).withWindow(window)
                        .withTags(Map.of("error", "true")).location(), Widgets.number(call.errors()));
                errors.addClassName("opsplane-count");
                row = Widgets.row(table, caller, callee, call.calls(), errors, ratio);
            } else {
                row = Widgets.row(table, caller, callee, call.calls(), call.errors(), ratio);
            }
            row.getElement().setAttribute("data-edge", call.caller() + "->" + call.callee());
            if (call.errorRatio() >= ERROR_HEAVY) {
                row.addClassName("opsplane-error");
                row.getElement().setAttribute("data-error-heavy", "true");
            }
        }
        return table;
    }
}
