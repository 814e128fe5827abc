package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;
import static io.opsplane.console.ui.kit.QueryReader.blankToNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.telemetry.trace.TraceOverview;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trace search as Jaeger UI has it (service, operation, tags, durations, time range, limit), with the
 * traces found as a scatter of duration over time (failed ones in red; a click opens the trace) and as
 * a list. The search is the URL ({@code /traces?service=payment&tags=error%3Dtrue&lookback=15m}).
 */
@Route(value = TracesView.PATH, layout = MainLayout.class)
@Menu(order = 3, title = "Traces")
@RolesAllowed("VIEWER")
public class TracesView extends SearchPage<TraceSearchQuery> {

    public static final String PATH = "traces";

    private final Traces traces;
    private final Masking masking;
    private final ComboBox<String> service = ServiceChoices.field(t("traces.service"));
    private final ComboBox<String> operation = ServiceChoices.field(t("traces.operation"));
    private final TextField tags = new TextField(t("traces.tags"));
    private final TextField minDuration = new TextField(t("traces.minDuration"));
    private final TextField maxDuration = new TextField(t("traces.maxDuration"));
    private final IntegerField limit = new IntegerField(t("traces.limit"));
    private final Div results = new Div();

    public TracesView(Traces traces, Masking masking) {
        super("traces", TraceSearchQuery::parse);
        this.traces = traces;
        this.masking = masking;

        service.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                operation.clear();
                operation.setItems(operationsOf(e.getValue()));
            }
        });
        tags.setPlaceholder("error=true http.status_code=500");
        tags.setHelperText(t("traces.tags.helper"));
        minDuration.setPlaceholder("250ms");
        maxDuration.setPlaceholder("2s");
        limit.setMin(1);
        limit.setMax(Traces.MAX_LIMIT);
        limit.setStepButtonsVisible(true);
        for (TextField field : List.of(tags, minDuration, maxDuration)) {
            field.setClearButtonVisible(true);
        }
        FormLayout form = searchForm("traces.find", "find-traces", service, operation, tags, minDuration, maxDuration,
                lookback, from, to, limit);
        form.setColspan(tags, 2);
        form.setColspan(from, 2);
        form.setColspan(to, 2);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 2), new FormLayout.ResponsiveStep("800px", 4),
                new FormLayout.ResponsiveStep("1200px", 6));
        layOut("trace", form, new Anchor(ServiceMapView.PATH, t("menu.service-map")));
        results.setId("trace-results");
        results.setWidthFull();
        add(results);
    }

    private List<String> operationsOf(String serviceName) {
        if (serviceName == null || serviceName.isBlank()) {
            return List.of();
        }
        try {
            return traces.operations(serviceName);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    void fill(TraceSearchQuery query) {
        ServiceChoices.fill(service, traces, query.service());
        List<String> operations = new ArrayList<>(operationsOf(query.service()));
        if (query.operation() != null && !operations.contains(query.operation())) {
            operations.add(query.operation());
        }
        operation.setItems(operations);
        operation.setValue(query.operation());
        tags.setValue(TraceSearchQuery.formatTags(query.tags()));
        minDuration.setValue(query.minDuration() == null ? "" : Durations.format(query.minDuration()));
        maxDuration.setValue(query.maxDuration() == null ? "" : Durations.format(query.maxDuration()));
        limit.setValue(query.limit());
    }

    @Override
    TraceSearchQuery fromForm(List<String> problems) {
        Map<String, String> tagMap = tags.isEmpty() ? Map.of() : valueOf(problems, t("traces.tags"), tags.getValue(),
                TraceSearchQuery::parseTags, t("traces.problem.tags"));
        Duration min = minDuration.isEmpty() ? null : valueOf(problems, t("traces.minDuration"),
                minDuration.getValue(), Durations::parse, t("traces.problem.duration"));
        Duration max = maxDuration.isEmpty() ? null : valueOf(problems, t("traces.maxDuration"),
                maxDuration.getValue(), Durations::parse, t("traces.problem.duration"));
        TimeWindow window = windowFromForm(problems);
        if (service.isEmpty() && tagMap != null && !tagMap.isEmpty()) {
            problems.add(t("traces.problem.tagsNeedService"));
        }
        Integer maximum = limit.getValue();
        if (maximum == null || maximum < 1 || maximum > Traces.MAX_LIMIT) {
            problems.add(t("traces.problem.limit", String.valueOf(Traces.MAX_LIMIT)));
        }
        return problems.isEmpty() ? new TraceSearchQuery(blankToNull(service.getValue()),
                blankToNull(operation.getValue()), tagMap, min, max, window, maximum) : null;
    }

    private static <T> T valueOf(List<String> problems, String label, String text,
                                 java.util.function.Function<String, T> parser, String expected) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(t("traces.problem.cannotBe", label, text, expected));
            return null;
        }
    }

    @Override
    void run(TraceSearchQuery query) {
        results.removeAll();
        Instant now = Instant.now();
        List<TraceOverview> found;
        try {
            found = masking.forCurrentUser(traces.search(query.search(now)));
        } catch (RuntimeException e) {
            count.setText("");
            results.add(Widgets.telemetryProblem(e, Widgets.TRACES_UNAVAILABLE, t("traces.what"), "traces-problem"));
            return;
        }
        String where = query.window().describe();
        count.setText(t(found.size() == query.limit() ? "traces.count.limit" : "traces.count", found.size(), where));
        if (found.isEmpty()) {
            results.add(Widgets.note("traces-empty", t("traces.none", where)));
            return;
        }
        results.add(scatter(found), list(found));
    }

    private static Div scatter(List<TraceOverview> found) {
        ObjectNode data = Charts.data();
        ArrayNode ok = data.putArray("ok");
        ArrayNode failed = data.putArray("failed");
        long errors = 0;
        for (TraceOverview trace : found) {
            ArrayNode point = (trace.errorCount() > 0 ? failed : ok).addArray();
            point.add(trace.start().toEpochMilli());
            point.add(trace.duration().toNanos() / 1_000_000.0);
            point.add(trace.spanCount());
            point.add(trace.traceId());
            point.add(trace.rootService() + " · " + trace.rootOperation());
            point.add(TraceView.location(trace.traceId()));
            errors += trace.errorCount() > 0 ? 1 : 0;
        }
        return Charts.chart("trace-scatter", t("traces.chart", found.size(), errors), data, Map.of(
                "traces", t("traces.chart.traces"), "failed", t("traces.chart.failed"), "ms", t("chart.milliseconds"),
                "spans", t("traces.chart.spans"), "axis", t("traces.chart.axis")), """
                const series = (name, points, colour) => ({
                  name, type: 'scatter', data: points, itemStyle: { color: colour, opacity: 0.85 },
                  symbolSize: (p) => Math.min(28, 8 + Math.sqrt(p[2]) * 2)
                });
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  legend: { data: [words.traces, words.failed] },
                  grid: { left: 64, right: 24, top: 36, bottom: 36 },
                  tooltip: { formatter: (p) => html(p.value[4]) + '<br>' + fill(words.ms, html(p.value[1].toFixed(2))) + ' · '
                      + fill(words.spans, html(p.value[2])) + '<br>' + html(p.value[3]) },
                  xAxis: { type: 'time' },
                  yAxis: { type: 'value', name: words.axis, scale: false },
                  series: [series(words.traces, data.ok, '#5470c6'), series(words.failed, data.failed, '#e5484d')]
                };""", "window.location.assign(params.value[5]);");
    }

    private static NativeTable list(List<TraceOverview> found) {
        NativeTable table = Widgets.table(t("traces.column.trace"), t("traces.column.root"), t("traces.column.started"),
                t("traces.column.duration"), t("traces.column.spans"), t("traces.column.errors"),
                t("traces.column.services"));
        table.setId("trace-list");
        for (TraceOverview trace : found) {
            Anchor link = new Anchor(TraceView.location(trace.traceId()), trace.traceId());
            link.addClassName("opsplane-mono");
            Span errors = new Span(String.valueOf(trace.errorCount()));
            if (trace.errorCount() > 0) {
                errors.addClassName("opsplane-error");
            }
            NativeTableRow row = Widgets.row(table, link, trace.rootService() + " · " + trace.rootOperation(),
                    UserTime.format(trace.start()), Durations.readable(trace.duration().toNanos() / 1000),
                    trace.spanCount(), errors, String.join(", ", trace.services()));
            row.getElement().setAttribute("data-trace", trace.traceId());
            if (trace.errorCount() > 0) {
                row.getElement().setAttribute("data-error", "true");
            }
        }
        return table;
    }
}
