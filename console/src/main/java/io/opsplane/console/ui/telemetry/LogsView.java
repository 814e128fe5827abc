package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;
import static io.opsplane.console.ui.kit.QueryReader.blankToNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.telemetry.log.LogEntry;
import io.opsplane.console.telemetry.log.LogHistogram;
import io.opsplane.console.telemetry.log.LogPage;
import io.opsplane.console.telemetry.log.LogQuery;
import io.opsplane.console.telemetry.log.LogSearch;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Log search (text, service, severity, trace id, time range) with a histogram by level, the lines newest
 * first in keyset pages ("Show older lines"), each linking to its trace and saga, and live tail: new
 * lines appear at the top as they arrive, read from where the last poll ended rather than searching
 * everything again; it stops when the page is left. The search is the URL
 * ({@code /logs?q=declined&service=payment&minSeverity=WARN&lookback=1h}).
 */
@Route(value = LogsView.PATH, layout = MainLayout.class)
@Menu(order = 4, title = "Logs")
@RolesAllowed("VIEWER")
public class LogsView extends SearchPage<LogSearchQuery> {

    public static final String PATH = "logs";
    static final int PAGE = 100;
    private static final Logger log = LoggerFactory.getLogger(LogsView.class);

    private final LogSearch logs;
    private final Masking masking;
    private final Traces traces;
    private final TextField text = new TextField(t("logs.text"));
    private final ComboBox<String> service = ServiceChoices.field(t("logs.service"));
    private final Select<LogSearchQuery.Level> minSeverity = new Select<>();
    private final TextField traceId = new TextField(t("logs.traceId"));
    private final Div histogram = new Div();
    private final Div lines = new Div();
    private final Button older = new Button(t("logs.older"), VaadinIcon.ANGLE_DOWN.create());

    private LogSearchQuery query;
    private String next;
    private final LiveTail tail;

    public LogsView(LogSearch logs, Traces traces, Masking masking) {
        super("logs", LogSearchQuery::parse);
        this.logs = logs;
        this.traces = traces;
        this.masking = masking;
        this.tail = new LiveTail(logs, masking, lines, this::sagasOf);

        text.setPlaceholder(t("logs.text.placeholder"));
        minSeverity.setLabel(t("logs.severity"));
        minSeverity.setItems(LogSearchQuery.Level.values());
        minSeverity.setEmptySelectionAllowed(true);
        minSeverity.setEmptySelectionCaption(t("logs.severity.any"));
        traceId.setPlaceholder(t("logs.traceId.placeholder"));
        for (TextField field : List.of(text, traceId)) {
            field.setClearButtonVisible(true);
        }
        FormLayout form = searchForm("logs.search", "search-logs", text, service, minSeverity, traceId, lookback, from,
                to);
        form.setColspan(text, 2);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 2), new FormLayout.ResponsiveStep("800px", 4),
                new FormLayout.ResponsiveStep("1200px", 8));
        layOut("log", form);

        histogram.setId("log-histogram-place");
        histogram.setWidthFull();
        lines.setId("log-lines");
        lines.addClassName("opsplane-log-lines");
        lines.setWidthFull();
        lines.getElement().setAttribute("role", "log");
        older.setId("log-more");
        older.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        older.addClickListener(e -> showOlder());
        older.setVisible(false);
        add(tail, histogram, lines, older);
    }

    @Override
    void fill(LogSearchQuery shownQuery) {
        ServiceChoices.fill(service, traces, shownQuery.service());
        text.setValue(shownQuery.text() == null ? "" : shownQuery.text());
        minSeverity.setValue(shownQuery.minSeverity());
        traceId.setValue(shownQuery.traceId() == null ? "" : shownQuery.traceId());
    }

    @Override
    LogSearchQuery fromForm(List<String> problems) {
        String trace = traceId.getValue().trim();
        if (!trace.isEmpty() && (trace.length() != 32 && trace.length() != 16 || !Traces.isTraceId(trace))) {
            problems.add(t("logs.problem.traceId", trace));
        }
        TimeWindow window = windowFromForm(problems);
        return problems.isEmpty() ? new LogSearchQuery(blankToNull(text.getValue()), blankToNull(service.getValue()),
                minSeverity.getValue(), trace.isEmpty() ? null : Traces.fullId(trace), window) : null;
    }

    /** Searches anew: histogram, first page, and (when on) live tail from the newest line found. */
    @Override
    void run(LogSearchQuery searched) {
        query = searched;
        lines.removeAll();
        histogram.removeAll();
        next = null;
        older.setVisible(false);
        Instant now = Instant.now();
        LogQuery range = searched.query(now);
        LogPage page;
        LogHistogram counts;
        try {
            counts = logs.histogram(range, null);
            page = masking.forCurrentUser(logs.search(range, false, null, PAGE));
        } catch (RuntimeException e) {
            count.setText("");
            lines.add(Widgets.telemetryProblem(e, Widgets.LOGS_UNAVAILABLE, t("logs.what"), "logs-problem"));
            tail.cannotFollow(e instanceof IllegalArgumentException);
            return;
        }
        tail.setEnabled(true);
        long total = counts.buckets().stream().mapToLong(LogHistogram.Bucket::count).sum();
        count.setText(t("logs.count", total, searched.window().describe()));
        histogram.add(chart(counts, searched));
        if (page.items().isEmpty()) {
            lines.add(Widgets.note("logs-empty", t("logs.none", searched.window().describe())));
        }
        append(page);
        // a window that has ended: live tail follows from now, not from its last line
        tail.follow(searched, page.items(), searched.window().fixed() && searched.window().to() != null);
    }

    private void append(LogPage page) {
        Map<String, List<SagaSummary>> sagas = sagasOf(page.items());
        for (LogEntry entry : page.items()) {
            lines.add(LogLines.line(entry, sagas));
        }
        next = page.next();
        older.setVisible(next != null);
    }

    private Map<String, List<SagaSummary>> sagasOf(List<LogEntry> entries) {
        List<String> ids = entries.stream().map(LogEntry::traceId).filter(id -> id != null && !id.isBlank())
                .distinct().toList();
        try {
            if (ids.isEmpty()) {
                return Map.of();
            }
            Map<String, List<SagaSummary>> sagas = new HashMap<>();
            traces.sagasByTraceId(ids).forEach((traceId, found) -> sagas.put(traceId, masking.forCurrentUser(found)));
            return sagas;
        } catch (RuntimeException e) {
            log.warn("Could not look up the sagas of log lines", e);
            return Map.of();
        }
    }

    private void showOlder() {
        try {
            append(masking.forCurrentUser(logs.search(query.query(Instant.now()), false, next, PAGE)));
        } catch (IllegalArgumentException expired) {
            older.setVisible(false);
            lines.add(Widgets.problem(expired.getMessage()));
        } catch (RuntimeException e) {
            lines.add(Widgets.telemetryProblem(e, Widgets.LOGS_UNAVAILABLE, t("logs.what.older")));
        }
    }

    private static Div chart(LogHistogram counts, LogSearchQuery searched) {
        ObjectNode data = Charts.data();
        ArrayNode labels = data.putArray("labels");
        ArrayNode links = data.putArray("links");
        ObjectNode series = data.putObject("series");
        List<String> levels = List.of("FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "UNSPECIFIED");
        levels.forEach(series::putArray);
        boolean seconds = counts.interval().compareTo(Duration.ofMinutes(1)) < 0;
        boolean days = Duration.between(counts.from(), counts.to()).compareTo(Duration.ofDays(1)) > 0;
        for (LogHistogram.Bucket bucket : counts.buckets()) {
            String label = UserTime.format(bucket.start());
            labels.add(days ? label.substring(5, 16) : seconds ? label.substring(11) : label.substring(11, 16));
            links.add(searched.withWindow(TimeWindow.between(bucket.start(), bucket.start().plus(counts.interval())))
                    .location());
            for (String level : levels) {
                ((ArrayNode) series.get(level)).add(bucket.byLevel().getOrDefault(level, 0L));
            }
        }
        long errors = counts.buckets().stream().mapToLong(b -> b.byLevel().getOrDefault("ERROR", 0L)
                + b.byLevel().getOrDefault("FATAL", 0L)).sum();
        long total = counts.buckets().stream().mapToLong(LogHistogram.Bucket::count).sum();
        return Charts.chart("log-histogram", t("logs.chart", total, searched.window().describe(), errors,
                Durations.format(counts.interval())), data, """
                const colours = { FATAL: '#8b1a1a', ERROR: '#e5484d', WARN: '#f5a524', INFO: '#5470c6',
                                  DEBUG: '#73c0de', TRACE: '#a0a7b4', UNSPECIFIED: '#c8ccd2' };
                const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNSPECIFIED'];
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                  legend: { data: levels },
                  grid: { left: 48, right: 16, top: 36, bottom: 28 },
                  xAxis: { type: 'category', data: data.labels },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: levels.map((level) => ({ name: level, type: 'bar', stack: 'lines', data: data.series[level],
                      itemStyle: { color: colours[level] } }))
                };""", "window.location.assign(data.links[params.dataIndex]);");
    }
}
