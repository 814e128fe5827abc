package io.opsplane.console.ui.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.telemetry.log.LogPage;
import io.opsplane.console.telemetry.log.LogQuery;
import io.opsplane.console.telemetry.log.LogSearch;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.MaskedPart;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailSection;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The log lines of the saga's traces, every service's interleaved in time order (oldest first, as the
 * saga happened), in pages; read after the page has opened, like the traces.
 */
@org.springframework.stereotype.Component
@Order(16)
class SagaLogsSection extends MaskedPart<LogSearch> implements SagaDetailSection {

    static final int PAGE = 200;

    private final SagaQueries sagas;

    SagaLogsSection(SagaQueries sagas, LogSearch logs, Masking masking) {
        super("sagaLogs.title", logs, masking);
        this.sagas = sagas;
    }

    /** The query for the saga's traces (null when it has none) and its first page. */
    record Found(LogQuery query, LogPage page) {
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        long id = saga.saga().id();
        return SagaTelemetry.section("saga-logs", t("sagaLogs.loading"), () -> {
            List<String> ids = sagas.traceIds(id).orElse(List.of()).stream().filter(Traces::isTraceId)
                    .map(Traces::fullId).distinct().toList();
            if (ids.isEmpty()) {
                return new Found(null, new LogPage(List.of(), null));
            }
            LogQuery query = LogQuery.all().withTraceIds(ids);
            return new Found(query, read(logs -> logs.search(query, true, null, PAGE)));
        }, this::show, Widgets.LOGS_UNAVAILABLE, t("sagaLogs.what"));
    }

    private Component show(Found found) {
        if (found.query() == null) {
            return Widgets.muted(t("sagaLogs.noContext"));
        }
        if (found.page().items().isEmpty()) {
            return Widgets.muted(t("sagaLogs.none"));
        }
        return new Pages(found);
    }

    /** The lines so far and a button for the next page, which continues from the previous page's cursor. */
    private final class Pages extends Div {

        private final Div lines = new Div();
        private final Button more = new Button(t("sagaLogs.later"));
        private final LogQuery query;
        private String next;

        Pages(Found found) {
            this.query = found.query();
            lines.addClassName("opsplane-log-lines");
            lines.setId("saga-log-lines");
            more.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            more.addClickListener(e -> showMore());
            add(lines, more);
            append(found.page());
        }

        private void showMore() {
            try {
                append(read(logs -> logs.search(query, true, next, PAGE)));
            } catch (RuntimeException failure) {
                more.setVisible(false);
                lines.add(Widgets.telemetryProblem(failure, Widgets.LOGS_UNAVAILABLE, t("sagaLogs.what.later")));
            }
        }

        private void append(LogPage page) {
            // every line belongs to this saga: links to their traces only
            page.items().forEach(entry -> lines.add(LogLines.line(entry, Map.of())));
            next = page.next();
            more.setVisible(next != null);
        }
    }
}
