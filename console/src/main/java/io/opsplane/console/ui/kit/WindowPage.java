package io.opsplane.console.ui.kit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * A page over a time window its address names ({@code ?lookback=1h}, or {@code from}/{@code to}): the title row with
 * a caption and the page's controls (the "Last" choice among them), what of the address could not be read, then the
 * body the page draws for the window.
 */
public abstract class WindowPage extends ConsolePage {

    protected final LookbackSelect lookback = new LookbackSelect();
    /** Beside the title: what the body shows, over which window. */
    protected final Span caption = new Span();
    protected final Div body = new Div();
    private final Div problems = new Div();

    protected WindowPage(String titleKey) {
        super(titleKey);
    }

    /** Lays the page out under {@code id} (the body's; {@code id}-caption and {@code id}-problems for the rest). */
    protected void layOut(String id, Component... controls) {
        problems.setId(id + "-problems");
        problems.setVisible(false);
        body.setWidthFull();
        body.setId(id);
        add(header(caption, id + "-caption", controls), problems, body);
    }

    /**
     * The window the address read asks for ({@link TimeWindow#DEFAULT_LOOKBACK} when it names none), shown in the
     * "Last" choice; what of the address could not be read is said above the body.
     */
    protected TimeWindow windowAsked(QueryReader read) {
        TimeWindow window = TimeWindow.parse(read, TimeWindow.DEFAULT_LOOKBACK);
        Widgets.showLeftOut(problems, "", read.problems());
        lookback.show(window.lookback());
        return window;
    }
}
