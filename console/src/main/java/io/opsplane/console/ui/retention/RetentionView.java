package io.opsplane.console.ui.retention;

import static io.opsplane.console.ui.kit.Messages.t;

import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.retention.Retention;
import io.opsplane.console.security.CurrentUser;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

/**
 * What Opsplane stores and how long it keeps it ({@code /retention}, ADMIN): per kind its retention and what the
 * next pass removes, the indices and tables with their size, and a pass by hand (dry run first, audited).
 */
@Route(value = RetentionView.PATH, layout = MainLayout.class)
@Menu(order = 9.5, title = "Retention")
@RolesAllowed("ADMIN")
public class RetentionView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "retention";

    private final Retention retention;
    private final Span caption = new Span();
    private final Div outcome = new Div();
    private final Div body = new Div();

    public RetentionView(Retention retention) {
        super("retention.title");
        this.retention = retention;
        body.setWidthFull();
        body.setId("retention");
        outcome.setId("retention-outcome");
        add(header(caption, "retention-caption", refreshButton(this::show)), controls(), outcome, body);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show();
    }

    private HorizontalLayout controls() {
        TextField reason = new TextField(t("retention.reason"));
        reason.setId("retention-reason");
        reason.setWidth("22em");
        Button dryRun = new Button(t("retention.dryRun"), e -> showPass(retention.runNow(true, null, CurrentUser.name())));
        dryRun.setId("retention-dry-run");
        Button run = new Button(t("retention.run"), e -> {
            showPass(retention.runNow(false, reason.getValue(), CurrentUser.name()));
            show();
        });
        run.setId("retention-run");
        HorizontalLayout row = new HorizontalLayout(reason, dryRun, run);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        return row;
    }

    private void showPass(Retention.Pass pass) {
        outcome.removeAll();
        String rows = String.join(", ", pass.rows().entrySet().stream()
                .map(e -> t("retention.pass.row", e.getValue(), e.getKey())).toList());
        String key = pass.dryRun() ? "retention.pass.dryRun" : "retention.pass.done";
        Span text = new Span(pass.indices().isEmpty() ? t(key, 0, rows)
                : t(key + ".named", pass.indices().size(), String.join(", ", pass.indices()), rows));
        outcome.add(text);
        if (pass.elasticsearchProblem() != null) {
            outcome.add(Widgets.problem(pass.elasticsearchProblem()));
        }
    }

    private void show() {
        body.removeAll();
        Retention.Report report = retention.report();
        caption.setText(report.scheduled() ? t("retention.scheduled", Retention.keep(report.interval()))
                : t("retention.unscheduled"));
        NativeTable kinds = Widgets.table(t("retention.column.kind"), t("retention.column.kept"),
                t("retention.column.cutoff"), t("retention.column.removes"));
        kinds.setId("retention-kinds");
        for (Retention.Kind kind : report.kinds()) {
            boolean indices = List.of("spans", "logs", "dependencies").contains(kind.kind());
            String due = kind.keep().equals("forever") ? t("retention.due.nothing") : indices
                    ? t("retention.due.indices", kind.due(), bytes(kind.dueBytes()))
                    : t("retention.due.rows", kind.due());
            NativeTableRow row = Widgets.row(kinds, kind.kind(), kind.keep(),
                    kind.cutoff() == null ? "" : UserTime.format(kind.cutoff()), due);
            row.getElement().setAttribute("data-kind", kind.kind());
            row.getElement().setAttribute("data-due", String.valueOf(kind.due()));
        }
        body.add(kinds);

        body.add(new H3(t("retention.indices")));
        if (report.elasticsearchProblem() != null) {
            body.add(Widgets.problem(report.elasticsearchProblem()));
        } else if (report.indices().isEmpty()) {
            body.add(Widgets.muted(t("retention.noIndices")));
        } else {
            NativeTable indices = Widgets.table(t("retention.column.index"), t("retention.column.kind"),
                    t("retention.column.day"), t("retention.column.documents"), t("retention.column.size"),
                    t("retention.column.nextPass"));
            indices.setId("retention-indices");
            for (Retention.Index index : report.indices()) {
                NativeTableRow row = Widgets.row(indices, index.name(), index.kind(), index.day().toString(),
                        index.docs(), bytes(index.bytes()), index.due() ? t("retention.deletesIt") : "");
                row.getElement().setAttribute("data-index", index.name());
                row.getElement().setAttribute("data-due", String.valueOf(index.due()));
            }
            body.add(indices);
        }

        body.add(new H3(t("retention.tables")));
        NativeTable tables = Widgets.table(t("retention.column.table"), t("retention.column.kind"), t("retention.column.rows"),
                t("retention.column.size"));
        tables.setId("retention-tables");
        for (Retention.Table table : report.tables()) {
            NativeTableRow row = Widgets.row(tables, table.name(), table.kind(), table.rows(), bytes(table.bytes()));
            row.getElement().setAttribute("data-table", table.name());
        }
        body.add(tables);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
