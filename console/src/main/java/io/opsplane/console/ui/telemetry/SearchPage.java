package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.LookbackSelect;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;

/**
 * A telemetry search whose address is the search (logs, traces): the form is filled from the address, what of it
 * could not be read is said above the results and left out, and a search from the form (its button, or Enter in any
 * field) puts its own address in the address bar. The window is a "Last" choice or from/to on each.
 *
 * @param <Q> the search, as an address carries it
 */
abstract class SearchPage<Q extends SearchPage.Search> extends ConsolePage implements BeforeEnterObserver {

    /** A search as an address carries it. */
    interface Search {
        TimeWindow window();

        /** The search's address in the console. */
        String location();
    }

    /** The search an address asks for, and what in the address could not be read (left out of the search). */
    interface Parsed<S> {
        S query();

        List<String> problems();
    }

    /** Beside the title: how much the search found, over which window. */
    protected final Span count = new Span();
    protected final LookbackSelect lookback = new LookbackSelect();
    protected final DateTimePicker from;
    protected final DateTimePicker to;
    private final Div problems = new Div();
    private final String keys;
    private final Function<QueryParameters, ? extends Parsed<Q>> parse;

    /** {@code keys}: the prefix of the page's bundle keys ("logs": logs.title, logs.from, …). */
    SearchPage(String keys, Function<QueryParameters, ? extends Parsed<Q>> parse) {
        super(keys + ".title");
        this.keys = keys;
        this.parse = parse;
        from = new DateTimePicker(t(keys + ".from"));
        to = new DateTimePicker(t(keys + ".to"));
        from.setHelperText(t(keys + ".from.helper"));
    }

    /**
     * The form: {@code fields}, then the search button. Enter in any field searches; only there, so the bar's saga
     * search keeps its own Enter.
     */
    protected FormLayout searchForm(String buttonKey, String buttonId, Component... fields) {
        Button search = new Button(t(buttonKey), VaadinIcon.SEARCH.create(), e -> searchFromForm());
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        search.setId(buttonId);
        FormLayout form = new FormLayout(fields);
        form.add(search);
        search.addClickShortcut(Key.ENTER).listenOn(form);
        form.setWidthFull();
        return form;
    }

    /**
     * Lays out the title row (the count under {@code ids}-count, then {@code controls}), the form, and what could not
     * be read ({@code ids}-search-problems); the page adds its results below.
     */
    protected void layOut(String ids, FormLayout form, Component... controls) {
        problems.setId(ids + "-search-problems");
        problems.setVisible(false);
        add(header(count, ids + "-count", controls), form, problems);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Parsed<Q> parsed = parse.apply(event.getLocation().getQueryParameters());
        fill(parsed.query());
        TimeWindow window = parsed.query().window();
        lookback.show(window.lookback() == null ? TimeWindow.DEFAULT_LOOKBACK : window.lookback());
        from.setValue(UserTime.local(window.from()));
        to.setValue(UserTime.local(window.to()));
        showProblems(parsed.problems());
        run(parsed.query());
    }

    /** Shows the search in the page's own fields (the window's are filled here). */
    abstract void fill(Q query);

    /** The form as a search, or null when it cannot be read: what is wrong is added to {@code problems}. */
    abstract Q fromForm(List<String> problems);

    /** Searches and shows what is found. */
    abstract void run(Q query);

    /** The window the form chooses; a from not before its to is added to {@code problems}. */
    protected TimeWindow windowFromForm(List<String> problems) {
        Instant start = UserTime.instant(from.getValue());
        Instant end = UserTime.instant(to.getValue());
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add(t(keys + ".problem.fromBeforeTo"));
        }
        return TimeWindow.chosen(lookback.getValue(), start, end);
    }

    /** What cannot be read is said, and nothing is searched until it can. */
    private void searchFromForm() {
        List<String> found = new ArrayList<>();
        Q query = fromForm(found);
        showProblems(found);
        if (query != null && found.isEmpty()) {
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, query.location()));
            run(query);
        }
    }

    private void showProblems(List<String> found) {
        Widgets.showLeftOut(problems, t(keys + ".ofTheSearch"), found);
    }
}
