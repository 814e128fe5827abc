package io.opsplane.console.ui.kit;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.telemetry.TelemetryBusyException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;

/** Small pieces the views share: status badges, counts that link to the saga list, plain tables, problems. */
public final class Widgets {

    /** What the trace parts say when Elasticsearch cannot be reached; the saga parts go on working. */
    public static final String TRACES_UNAVAILABLE = "Elasticsearch unreachable: traces unavailable, saga data still live";
    public static final String LOGS_UNAVAILABLE = "Elasticsearch unreachable: logs unavailable, saga data still live";

    private Widgets() {
    }

    /** A status or step state as a coloured label; the colour comes from opsplane.css by its value. */
    public static Span status(Object status) {
        Span badge = new Span(String.valueOf(status).replace('_', ' ').toLowerCase(Locale.ROOT));
        badge.addClassName("opsplane-status");
        badge.getElement().setAttribute("data-status", String.valueOf(status));
        return badge;
    }

    public static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    /** Shows in {@code place} the address's parameters that could not be read and were left out; hides it when none. */
    public static void showLeftOut(Div place, String what, List<String> problems) {
        place.removeAll();
        if (!problems.isEmpty()) {
            place.add(problem("Left out" + what + ": " + String.join("; ", problems)));
        }
        place.setVisible(!problems.isEmpty());
    }

    public static Paragraph muted(String text) {
        Paragraph paragraph = new Paragraph(text);
        paragraph.addClassName("opsplane-muted");
        return paragraph;
    }

    /** A problem stated in red, announced to screen readers. */
    public static Div problem(String text) {
        Div problem = new Div(text);
        problem.addClassName("opsplane-error");
        problem.getElement().setAttribute("role", "alert");
        return problem;
    }

    /**
     * What a telemetry read's failure means for the person at the screen: Elasticsearch away (the
     * {@code unavailable} sentence, with the cause below it), a search it cannot run, or anything else.
     */
    public static Div telemetryProblem(RuntimeException failure, String unavailable, String what) {
        Div shown = new Div();
        shown.addClassName("opsplane-telemetry-problem");
        if (failure instanceof TelemetryBusyException) {
            shown.add(problem("Elasticsearch is overloaded: " + what + " unavailable for a moment, saga data still live"));
            shown.getElement().setAttribute("data-state", "busy");
        } else if (failure instanceof TelemetryUnavailableException) {
            shown.add(problem(unavailable));
            shown.getElement().setAttribute("data-state", "unavailable");
            shown.add(muted(failure.getMessage() + ". Reload the page to try again."));
        } else if (failure instanceof IllegalArgumentException) {
            shown.add(problem("Cannot search " + what + ": " + failure.getMessage()));
            shown.getElement().setAttribute("data-state", "refused");
        } else {
            shown.add(problem("Could not read " + what + ": " + failure.getMessage()));
            shown.getElement().setAttribute("data-state", "failed");
        }
        return shown;
    }

    public static NativeTable table(String... headers) {
        NativeTable table = new NativeTable();
        table.addClassName("opsplane-table");
        NativeTableRow head = table.getHead().addRow();
        for (String header : headers) {
            head.addHeaderCell().setText(header);
        }
        return table;
    }

    public static NativeTableRow row(NativeTable table, Object... cells) {
        NativeTableRow row = table.getBody().addRow();
        for (Object cell : cells) {
            NativeTableCell td = row.addDataCell();
            if (cell instanceof Component component) {
                td.add(component);
            } else {
                td.setText(cell == null ? "" : cell.toString());
            }
            if (cell instanceof Number || cell instanceof Anchor link && link.hasClassName("opsplane-count")) {
                td.addClassName("number");
            }
        }
        return row;
    }
}
