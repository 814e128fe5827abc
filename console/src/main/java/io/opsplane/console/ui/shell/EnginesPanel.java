package io.opsplane.console.ui.shell;

import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.engines.EngineState;
import io.opsplane.console.engines.EngineStatus;
import io.opsplane.console.engines.Engines;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The engines Opsplane stands on, as the monitor last saw them: state and since when, how fast the last look was
 * answered, and the last error (kept after recovery, so a night's flap is still visible in the morning). First on
 * the page: when an engine is away, it explains every other panel.
 */
@org.springframework.stereotype.Component
@Order(5)
class EnginesPanel extends TitledPart implements OverviewPanel<List<EngineState>> {

    private final Engines engines;

    EnginesPanel(Engines engines) {
        super("engines.title");
        this.engines = engines;
    }

    @Override
    public List<EngineState> load(Instant now) {
        return engines.states();
    }

    @Override
    public Component render(List<EngineState> states, Instant now) {
        NativeTable table = Widgets.table(t("engines.column.engine"), t("engines.column.state"), t("engines.column.since"),
                t("engines.column.latency"), t("engines.column.lastError"));
        table.setId("engines-table");
        for (EngineState state : states) {
            Div why = new Div();
            if (state.problem() != null) {
                why.add(Widgets.problem(state.problem()));
            }
            if (state.lastError() != null && state.problem() == null) {
                why.add(Widgets.muted(t("engines.lastError", state.lastError(), UserTime.relative(state.lastErrorAt(), now))));
            }
            Span since = new Span(UserTime.relative(state.since(), now));
            since.getElement().setAttribute("title", UserTime.format(state.since()));
            NativeTableRow row = Widgets.row(table, name(state), Widgets.status(state.status()), since,
                    state.latency() == null ? t("engines.noAnswer") : t("engines.latency", String.valueOf(state.latency().toMillis())), why);
            row.getElement().setAttribute("data-engine", state.engine());
        }
        return table;
    }

    private static String name(EngineState state) {
        String name = switch (state.engine()) {
            case "postgres" -> "PostgreSQL";
            case "kafka" -> "Kafka";
            case "search" -> "Elasticsearch / OpenSearch";
            default -> state.engine();
        };
        // an engine Opsplane works without says what still works
        return state.required() || state.status() == EngineStatus.UP ? name : t("engines.optional", name);
    }
}
