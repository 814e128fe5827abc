package io.opsplane.console.ui;

import java.text.NumberFormat;
import java.util.Locale;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.saga.SagaFilter;

/** Small pieces the views share: status badges, counts that link to the saga list, plain tables. */
final class Widgets {

    private Widgets() {
    }

    /** A status or step state as a coloured label; the colour comes from opsplane.css by its value. */
    static Span status(Object status) {
        Span badge = new Span(String.valueOf(status).replace('_', ' ').toLowerCase(Locale.ROOT));
        badge.addClassName("opsplane-status");
        badge.getElement().setAttribute("data-status", String.valueOf(status));
        return badge;
    }

    static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    /** A count that opens the saga list with exactly the sagas it counts. */
    static Anchor countLink(long count, SagaFilter filter) {
        Anchor link = new Anchor(SagaListQuery.location(filter), number(count));
        link.addClassName("opsplane-count");
        link.getElement().setAttribute("title", "List these sagas");
        return link;
    }

    static Anchor listLink(String text, SagaFilter filter) {
        return new Anchor(SagaListQuery.location(filter), text);
    }

    static Paragraph muted(String text) {
        Paragraph paragraph = new Paragraph(text);
        paragraph.addClassName("opsplane-muted");
        return paragraph;
    }

    static NativeTable table(String... headers) {
        NativeTable table = new NativeTable();
        table.addClassName("opsplane-table");
        NativeTableRow head = table.getHead().addRow();
        for (String header : headers) {
            head.addHeaderCell().setText(header);
        }
        return table;
    }

    static NativeTableRow row(NativeTable table, Object... cells) {
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
