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
    /** Keys of the bundles' sentences for {@link #telemetryProblem}. */
    public static final String TRACES_UNAVAILABLE = "telemetry.tracesUnavailable";
    public static final String LOGS_UNAVAILABLE = "telemetry.logsUnavailable";

    private Widgets() {
    }

    /** A status or step state as a coloured label; the colour comes from opsplane.css by its value. */
    public static Span status(Object status) {
        Span badge = new Span(statusText(status));
        badge.addClassName("opsplane-status");
        badge.getElement().setAttribute("data-status", String.valueOf(status));
        return badge;
    }

    /**
     * One of the console's own short names (an action, a kind) for a table cell: kept whole, where a cell breaks text
     * from outside anywhere to fit.
     */
    public static Span word(String text) {
        Span word = new Span(text);
        word.addClassName("opsplane-word");
        return word;
    }

    /** A status as words in the page's language ("status.STUCK" in the bundles), or the name in lower case. */
    public static String statusText(Object status) {
        String key = "status." + status;
        return Messages.has(key) ? Messages.t(key) : String.valueOf(status).replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /**
     * A translated sentence with components (links, badges) in place of the placeholders whose argument is a
     * component: the words around them come from the one pattern, so each language puts them where its grammar
     * wants them. Text arguments are filled in as text, never as HTML.
     */
    public static Span sentence(String key, Object... args) {
        Object[] filled = args.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] instanceof Component) {
                filled[i] = MARK + i + MARK;
            } else if (filled[i] instanceof String data) {
                // untrusted data must not pass for a mark (it would split the sentence where no component is)
                filled[i] = data.replace(MARK, "\uFFFD");
            }
        }
        String text = Messages.t(key, filled);
        Span sentence = new Span();
        String[] parts = text.split(MARK, -1);
        // parts alternate: text, component index, text, …
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1) {
                sentence.add((Component) args[Integer.parseInt(parts[i])]);
            } else if (!parts[i].isEmpty()) {
                sentence.add(new Span(parts[i]));
            }
        }
        return sentence;
    }

    /** Marks where {@link #sentence} puts a component; no translation contains it, and data has it replaced. */
    private static final String MARK = "\uE000";

    public static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    /** Shows in {@code place} the address's parameters that could not be read and were left out; hides it when none. */
    public static void showLeftOut(Div place, String what, List<String> problems) {
        place.removeAll();
        if (!problems.isEmpty()) {
            place.add(problem(Messages.t("widgets.leftOut", what, String.join("; ", problems))));
        }
        place.setVisible(!problems.isEmpty());
    }

    public static Paragraph muted(String text) {
        Paragraph paragraph = new Paragraph(text);
        paragraph.addClassName("opsplane-muted");
        return paragraph;
    }

    /** A muted note under {@code id} where a page's content would stand: nothing found, nothing set up. */
    public static Div note(String id, String text) {
        Div note = new Div(muted(text));
        note.setId(id);
        return note;
    }

    /** A problem stated in red, announced to screen readers. */
    public static Div problem(String text) {
        Div problem = new Div(text);
        problem.addClassName("opsplane-error");
        problem.getElement().setAttribute("role", "alert");
        return problem;
    }

    /** {@link #telemetryProblem(RuntimeException, String, String)} under {@code id}, for links and tests to find. */
    public static Div telemetryProblem(RuntimeException failure, String unavailable, String what, String id) {
        Div shown = telemetryProblem(failure, unavailable, what);
        shown.setId(id);
        return shown;
    }

    /**
     * What a telemetry read's failure means for the person at the screen: Elasticsearch away (the
     * {@code unavailable} sentence, with the cause below it), a search it cannot run, or anything else.
     */
    public static Div telemetryProblem(RuntimeException failure, String unavailable, String what) {
        Div shown = new Div();
        shown.addClassName("opsplane-telemetry-problem");
        if (failure instanceof TelemetryBusyException) {
            shown.add(problem(Messages.t("telemetry.busy", what)));
            shown.getElement().setAttribute("data-state", "busy");
        } else if (failure instanceof TelemetryUnavailableException) {
            shown.add(problem(Messages.has(unavailable) ? Messages.t(unavailable) : unavailable));
            shown.getElement().setAttribute("data-state", "unavailable");
            shown.add(muted(Messages.t("telemetry.reload", failure.getMessage())));
        } else if (failure instanceof IllegalArgumentException) {
            shown.add(problem(Messages.t("telemetry.refused", what, failure.getMessage())));
            shown.getElement().setAttribute("data-state", "refused");
        } else {
            shown.add(problem(Messages.t("telemetry.failed", what, failure.getMessage())));
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
