package io.opsplane.console.ui.kit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;

/**
 * A page over a time window its address names ({@code ?lookback=1h}, or {@code from}/{@code to}): the title row with
 * a caption and the page's controls (the "Last" choice among them), what of the address could not be read, then the
 * body the page draws for the window.
 */
public abstract class WindowPage extends ConsolePage implements BeforeEnterObserver {

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

    /** Shows the page over the window its address asks for, the rest of the address read first. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryReader read = new QueryReader(event.getLocation().getQueryParameters());
        readAddress(read);
        show(windowAsked(read));
    }

    /** Reads what else the page's address names (a route, a saga type); nothing by default. */
    protected void readAddress(QueryReader read) {
    }

    /** Draws the body over {@code window}: on entering, and when another is chosen in the "Last" choice. */
    protected abstract void show(TimeWindow window);

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
