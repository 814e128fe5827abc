package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.NativeButton;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.telemetry.trace.TraceDetail;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;

/**
 * Traces as a waterfall: one row per span, its bar placed on a shared time axis, indented below its
 * parent, coloured by service, failed spans marked in red (and with a word, not only a colour). Several
 * traces share one axis, each under a header that links to it. A row is a button (Tab, Enter):
 * choosing it shows the span's tags, process, events and references beside the rows.
 */
final class Waterfall extends Div {

    /** Beyond this many rows the page would become slow to draw; the rest is named, not drawn. */
    static final int MAX_ROWS = 1500;
    /** Distinct on light and dark backgrounds; red is left for errors. */
    private static final List<String> PALETTE = List.of("#5470c6", "#3ba272", "#9a60b4", "#fc8452", "#73c0de",
            "#91cc75", "#ea7ccc", "#fac858", "#4e6e8e", "#b08d57");

    private final Map<String, String> serviceColours = new LinkedHashMap<>();
    private final Div details = new Div();
    private Div selectedRow;

    Waterfall(List<TraceDetail> traces, boolean traceHeaders) {
        addClassName("opsplane-waterfall");
        Instant axisStart = traces.stream().map(TraceDetail::start).min(Instant::compareTo).orElse(Instant.EPOCH);
        long axisMicros = Math.max(1, traces.stream()
                .mapToLong(t -> micros(axisStart, t.start()) + t.duration().toNanos() / 1000).max().orElse(1));
        traces.forEach(t -> t.services().forEach(s -> serviceColours.computeIfAbsent(s,
                k -> PALETTE.get(serviceColours.size() % PALETTE.size()))));

        Div rows = new Div();
        rows.addClassName("wf-rows");
        rows.getElement().setAttribute("role", "list");
        rows.add(axis(axisMicros));
        int drawn = 0;
        int total = traces.stream().mapToInt(t -> t.spans().size()).sum();
        TraceDetail.Span firstChoice = null;
        TraceDetail firstChoiceTrace = null;
        Div firstChoiceRow = null;
        for (TraceDetail trace : traces) {
            if (traceHeaders) {
                rows.add(header(trace));
            }
            long shift = micros(axisStart, trace.start());
            for (TraceDetail.Span span : trace.spans()) {
                if (drawn++ >= MAX_ROWS) {
                    break;
                }
                Div row = row(trace, span, shift, axisMicros);
                rows.add(row);
                boolean better = firstChoice == null || span.error() && !firstChoice.error();
                if (better) {
                    firstChoice = span;
                    firstChoiceTrace = trace;
                    firstChoiceRow = row;
                }
            }
        }
        if (total > MAX_ROWS) {
            rows.add(Widgets.muted(t("waterfall.truncated", MAX_ROWS, total)));
        }
        details.addClassName("wf-details");
        details.setId("span-details");
        details.getElement().setAttribute("aria-live", "polite");
        add(rows, details);
        if (firstChoice != null) {
            // the first failed span, else the root: what someone on call looks at first
            select(firstChoiceRow, firstChoiceTrace, firstChoice);
        }
    }

    private static long micros(Instant from, Instant to) {
        return ChronoUnit.MICROS.between(from, to);
    }

    private static Div axis(long axisMicros) {
        Div axis = new Div();
        axis.addClassNames("wf-row", "wf-axis");
        Span label = new Span(t("waterfall.label"));
        label.addClassName("wf-label");
        Div track = new Div();
        track.addClassName("wf-track");
        for (int i = 0; i <= 4; i++) {
            Span tick = new Span(Durations.readable(axisMicros * i / 4));
            tick.addClassName("wf-tick");
            tick.getStyle().set("left", (i * 25) + "%");
            if (i == 4) {
                tick.addClassName("last");
            }
            track.add(tick);
        }
        axis.add(label, track);
        return axis;
    }

    private Div header(TraceDetail trace) {
        Div header = new Div();
        header.addClassName("wf-trace");
        Anchor link = new Anchor(TraceView.location(trace.traceId()), t("waterfall.trace", trace.traceId()));
        link.getElement().setAttribute("data-trace", trace.traceId());
        header.add(link, new Span(t("waterfall.header", UserTime.format(trace.start()),
                Durations.readable(trace.duration().toNanos() / 1000), trace.spans().size())));
        if (trace.errorCount() > 0) {
            header.add(new Span(" · "));
            Span errors = new Span(t("waterfall.errors", trace.errorCount()));
            errors.addClassName("opsplane-error");
            header.add(errors);
        }
        return header;
    }

    private Div row(TraceDetail trace, TraceDetail.Span span, long shift, long axisMicros) {
        Div row = new Div();
        row.addClassName("wf-row");
        row.getElement().setAttribute("role", "listitem");
        row.getElement().setAttribute("data-span", span.spanId());
        row.getElement().setAttribute("data-service", span.service());
        String colour = serviceColours.get(span.service());

        NativeButton label = new NativeButton();
        label.addClassName("wf-label");
        label.getStyle().set("padding-left", Math.min(span.depth(), 12) * 0.9 + 0.3 + "em");
        Span dot = new Span();
        dot.addClassName("wf-dot");
        dot.getStyle().set("background", colour);
        Span service = new Span(span.service());
        service.addClassName("wf-service");
        Span operation = new Span(span.operation());
        operation.addClassName("wf-operation");
        label.add(dot, service, operation);
        label.getElement().setAttribute("title", span.service() + " · " + span.operation());
        label.getElement().setAttribute("aria-pressed", "false");

        Div track = new Div();
        track.addClassName("wf-track");
        double left = 100.0 * (shift + span.offsetMicros()) / axisMicros;
        double width = 100.0 * span.durationMicros() / axisMicros;
        Div bar = new Div();
        bar.addClassName("wf-bar");
        bar.getStyle().set("left", percent(left)).set("width", percent(width)).set("background", colour);
        Span time = new Span(Durations.readable(span.durationMicros()));
        time.addClassName("wf-time");
        if (left + width > 75) {
            time.getStyle().set("right", percent(100 - left));
            time.addClassName("before");
        } else {
            time.getStyle().set("left", percent(left + width));
        }
        track.add(bar, time);
        if (span.error()) {
            row.addClassName("error");
            row.getElement().setAttribute("data-error", "true");
            Span flag = new Span(t("waterfall.error"));
            flag.addClassName("wf-error-flag");
            label.add(flag);
        }
        row.add(label, track);
        label.addClickListener(e -> select(row, trace, span));
        return row;
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.3f%%", Math.max(0, Math.min(100, value)));
    }

    private void select(Div row, TraceDetail trace, TraceDetail.Span span) {
        if (selectedRow != null) {
            selectedRow.removeClassName("selected");
            selectedRow.getChildren().findFirst().ifPresent(b -> b.getElement().setAttribute("aria-pressed", "false"));
        }
        selectedRow = row;
        row.addClassName("selected");
        row.getChildren().findFirst().ifPresent(b -> b.getElement().setAttribute("aria-pressed", "true"));
        details.removeAll();
        details.add(spanDetails(trace, span));
    }

    private static Component spanDetails(TraceDetail trace, TraceDetail.Span span) {
        Div shown = new Div();
        shown.getElement().setAttribute("data-span", span.spanId());
        H4 title = new H4(span.service() + " · " + span.operation());
        shown.add(title);
        if (span.error()) {
            shown.add(Widgets.problem(t("waterfall.failed")));
        }
        Instant start = trace.start().plus(span.offsetMicros(), ChronoUnit.MICROS);
        NativeTable facts = Widgets.table("", "");
        facts.getHead().setVisible(false);
        Widgets.row(facts, t("waterfall.span"), span.spanId());
        Widgets.row(facts, t("waterfall.parent"), span.parentSpanId() == null ? t("waterfall.parent.none") : span.parentSpanId());
        Widgets.row(facts, t("waterfall.start"), UserTime.format(start) + " (+" + Durations.readable(span.offsetMicros()) + ")");
        Widgets.row(facts, t("waterfall.duration"), Durations.readable(span.durationMicros()));
        if (span.kind() != null) {
            Widgets.row(facts, t("waterfall.kind"), span.kind());
        }
        shown.add(facts);
        shown.add(fields(t("waterfall.tags"), span.tags()));
        shown.add(fields(t("waterfall.process"), span.processTags()));
        if (!span.events().isEmpty()) {
            shown.add(new H4(t("waterfall.events")));
            NativeTable events = Widgets.table(t("waterfall.column.at"), t("waterfall.column.fields"));
            for (TraceDetail.Event event : span.events()) {
                Widgets.row(events, "+" + Durations.readable(event.offsetMicros()), String.join(", ",
                        event.fields().stream().map(f -> f.key() + "=" + f.value()).toList()));
            }
            shown.add(events);
        }
        if (!span.references().isEmpty()) {
            shown.add(new H4(t("waterfall.references")));
            NativeTable references = Widgets.table(t("waterfall.column.type"), t("waterfall.column.trace"),
                    t("waterfall.column.span"));
            for (TraceDetail.Reference reference : span.references()) {
                Component traceCell = reference.traceId().equals(trace.traceId()) ? new Span(t("waterfall.thisTrace"))
                        : new Anchor(TraceView.location(reference.traceId()), reference.traceId());
                Widgets.row(references, reference.type(), traceCell, reference.spanId());
            }
            shown.add(references);
        }
        shown.add(Widgets.muted(t("waterfall.times", UserTime.zoneName(), UserTime.format(trace.start()),
                Durations.readable(trace.duration().toNanos() / 1000))));
        return shown;
    }

    private static Component fields(String title, List<TraceDetail.Field> fields) {
        Div section = new Div(new H4(title));
        if (fields.isEmpty()) {
            section.add(Widgets.muted(t("waterfall.none")));
            return section;
        }
        NativeTable table = Widgets.table(t("waterfall.column.key"), t("waterfall.column.value"));
        List<TraceDetail.Field> sorted = new ArrayList<>(fields);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        for (TraceDetail.Field field : sorted) {
            var row = Widgets.row(table, field.key(), field.value());
            if (field.key().equals("error") || field.key().equals("otel.status_description")) {
                row.addClassName("opsplane-error");
            }
        }
        section.add(table);
        return section;
    }

    /** How long the traces shown take together, for a caption. */
    static Duration span(List<TraceDetail> traces) {
        Instant first = traces.stream().map(TraceDetail::start).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant last = traces.stream().map(t -> t.start().plus(t.duration())).max(Instant::compareTo).orElse(first);
        return Duration.between(first, last);
    }
}
