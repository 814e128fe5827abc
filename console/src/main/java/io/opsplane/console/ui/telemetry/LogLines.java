package io.opsplane.console.ui.telemetry;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.log.LogEntry;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.saga.SagaDetailView;

import static io.opsplane.console.ui.kit.Messages.t;

/** Log records as lines: time, level, service, body, and links to the record's trace and saga. */
final class LogLines {

    private LogLines() {
    }

    static Div line(LogEntry entry, Map<String, List<SagaSummary>> sagasByTrace) {
        Div line = new Div();
        line.addClassName("opsplane-log-line");
        line.getElement().setAttribute("data-level", entry.level() == null ? "UNSPECIFIED" : entry.level());
        line.getElement().setAttribute("data-id", key(entry));
        Span time = new Span(UserTime.precise(entry.timestamp()));
        time.addClassName("log-time");
        Span level = new Span(entry.level() == null ? (entry.severityText() == null ? "–" : entry.severityText())
                : entry.level());
        level.addClassName("log-level");
        Span service = new Span(entry.service() == null ? "–" : entry.service());
        service.addClassName("log-service");
        Span body = new Span(entry.body() == null ? "" : entry.body());
        body.addClassName("log-body");
        Div links = new Div();
        links.addClassName("log-links");
        if (entry.traceId() != null && !entry.traceId().isBlank()) {
            Anchor trace = new Anchor(TraceView.location(entry.traceId()), t("logLines.trace"));
            trace.getElement().setAttribute("title", t("trace.title", entry.traceId()));
            trace.getElement().setAttribute("data-trace", entry.traceId());
            links.add(trace);
            for (SagaSummary saga : sagasByTrace.getOrDefault(entry.traceId(), List.of())) {
                Anchor sagaLink = new Anchor(SagaDetailView.location(saga.id()), t("logLines.saga", saga.correlationKey()));
                sagaLink.getElement().setAttribute("data-saga", String.valueOf(saga.id()));
                links.add(sagaLink);
            }
        }
        line.add(time, level, service, body, links);
        return line;
    }

    /** Which document a line shows: unique across the indices searched. */
    static String key(LogEntry entry) {
        return entry.index() + "/" + entry.id();
    }
}
