package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.compensation.ActionOutcomes;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.migration.Migration;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSort;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.security.Role;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.CurrentUser;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Every saga, newest first (stuck sagas stuck longest first) or in another order, with every filter of
 * {@code GET /api/sagas}. The filter lives in the
 * URL ({@code /sagas?status=STUCK&stuckReason=STEP_TIMEOUT}), so any list can be linked to; the grid
 * loads lazily through keyset pages, however many sagas there are.
 */
@Route(value = SagaListView.PATH, layout = MainLayout.class)
@Menu(order = 2, title = "Sagas")
@RolesAllowed("VIEWER")
public class SagaListView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "sagas";
    /** Beyond this the list says "more than": an exact count over millions of rows is not worth its time. */
    static final long COUNT_CAP = 10_000;
    /** How far back "through legacy" looks for legacy spans when the list has no start time. */
    static final Duration LEGACY_LOOKBACK = Duration.ofDays(1);

    private final SagaQueries sagas;
    /** The filter controls, shared with the bulk page. */
    private final SagaFilterBar filters;
    /** Empty: the filter's default order (stuck longest first for stuck sagas, else newest first). */
    private final Select<SagaSort> sort = new Select<>();
    private final Span count = new Span();
    /** For an operator: the bulk page with this list's filter, to act on every saga it lists. */
    private final Anchor actOnThese = new Anchor();
    private final Div problems = new Div();
    /** What the list is narrowed to (from an alert's link, or "through legacy"), shown with a way to drop it. */
    private final HorizontalLayout narrowingNote = new HorizontalLayout();
    private final Checkbox throughLegacy = new Checkbox(t("sagas.filter.throughLegacy"));
    private final ActionOutcomes outcomes;
    private final Migration migration;
    private SagaListQuery.Narrowing narrowing;
    private final Grid<SagaSummary> grid = new Grid<>();
    private final Masking masking;
    private KeysetPages pages;
    /** Set while the fields are filled from the URL, so that filling them is not taken for the user's edits. */
    private boolean filling;

    public SagaListView(SagaQueries sagas, SagaDefinitions definitions, ActionOutcomes outcomes, Masking masking,
                        Migration migration) {
        super("sagas.title");
        this.sagas = sagas;
        this.outcomes = outcomes;
        this.migration = migration;
        this.masking = masking;
        setHeightFull();

        Button clear = new Button(t("sagas.clearFilters"), e -> {
            narrowing = null;
            filling = true;
            try {
                sort.clear();
            } finally {
                filling = false;
            }
            apply(SagaFilter.NONE, true);
        });
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        actOnThese.setId("act-on-these");
        actOnThese.addClassName("opsplane-act");
        actOnThese.setVisible(CurrentUser.has(Role.OPERATOR));
        HorizontalLayout header = header(count, "saga-count",
                refreshButton(() -> apply(currentFilter(), false)), actOnThese, clear);

        filters = new SagaFilterBar(definitions, () -> apply(currentFilter(), true));
        sort.setLabel(t("sagas.filter.sort"));
        sort.setId("saga-sort");
        sort.setItems(SagaSort.values());
        // the generator also names the empty selection: the filter's own order
        sort.setItemLabelGenerator(order -> order == null ? sort.getEmptySelectionCaption() : sortWords(order));
        sort.setEmptySelectionAllowed(true);
        sort.setEmptySelectionCaption(t("sagas.sort.default"));
        sort.addValueChangeListener(e -> {
            if (!filling) {
                apply(currentFilter(), true);
            }
        });
        filters.add(sort);
        // only where there is a legacy system to run through
        if (!migration.legacyServices().isEmpty()) {
            throughLegacy.setId("through-legacy");
            throughLegacy.setTooltipText(t("sagas.filter.throughLegacy.tooltip", String.join(", ", migration.legacyServices())));
            throughLegacy.addValueChangeListener(e -> {
                if (!filling) {
                    narrowing = e.getValue() ? new SagaListQuery.ThroughLegacy() : null;
                    apply(currentFilter(), true);
                }
            });
            filters.add(throughLegacy);
        }

        problems.addClassName("opsplane-error");
        problems.setId("filter-problems");
        narrowingNote.setId("list-narrowing");
        narrowingNote.setAlignItems(FlexComponent.Alignment.BASELINE);
        narrowingNote.setVisible(false);

        grid.addComponentColumn(this::sagaLink).setHeader(t("sagas.column.correlationKey")).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(SagaSummary::type).setHeader(t("sagas.column.type")).setAutoWidth(true);
        grid.addComponentColumn(s -> {
            Span badge = Widgets.status(s.status());
            return s.stuckReason() == null ? badge : new Span(badge, new Span(" " + reason(s.stuckReason())));
        }).setHeader(t("sagas.column.status")).setAutoWidth(true);
        grid.addColumn(s -> s.currentStep() == null ? "–" : s.currentStep()
                + (s.nextEvent() == null ? "" : " → " + s.nextEvent())).setHeader(t("sagas.column.waitingFor")).setAutoWidth(true);
        grid.addColumn(s -> s.responsibleService() == null ? "–" : s.responsibleService())
                .setHeader(t("sagas.column.responsible")).setAutoWidth(true);
        grid.addColumn(s -> UserTime.format(s.startedAt())).setHeader(t("sagas.column.started")).setAutoWidth(true);
        grid.addColumn(s -> UserTime.relative(s.lastProgressAt(), pages.now())).setHeader(t("sagas.column.lastProgress"))
                .setAutoWidth(true);
        // keys are what people search by, so they are shown whole: wrapped in the cell and in full as a tooltip
        grid.addComponentColumn(s -> {
            Span keys = new Span(businessKeys(s));
            keys.addClassName("opsplane-wrap");
            return keys;
        }).setTooltipGenerator(SagaListView::businessKeys).setHeader(t("sagas.column.businessKeys")).setFlexGrow(1);
        grid.addColumn(SagaSummary::eventCount).setHeader(t("sagas.column.events")).setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setPageSize(KeysetPages.PAGE);
        grid.setEmptyStateText(t("sagas.empty"));
        grid.setSizeFull();
        grid.addItemDoubleClickListener(e -> getUI().ifPresent(ui -> ui.navigate(SagaDetailView.location(e.getItem().id()))));

        add(header, problems, narrowingNote, filters, grid);
        setFlexGrow(1, grid);
    }

    private static String businessKeys(SagaSummary saga) {
        return saga.businessKeys().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private Anchor sagaLink(SagaSummary saga) {
        Anchor link = new Anchor(SagaDetailView.location(saga.id()), saga.correlationKey());
        link.getElement().setAttribute("title", t("sagas.open", String.valueOf(saga.id())));
        return link;
    }

    private static String reason(StuckReason reason) {
        return t("stuckReason." + reason.name());
    }

    /** "newest first", "stuck longest first"…, in the page's language. */
    static String sortWords(SagaSort order) {
        return t("sagas.sort." + order.name());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SagaListQuery.Parsed parsed = SagaListQuery.parse(event.getLocation().getQueryParameters());
        problems.setText(parsed.problems().isEmpty() ? ""
                : t("sagas.leftOut", String.join("; ", parsed.problems())));
        problems.setVisible(!parsed.problems().isEmpty());
        narrowing = parsed.narrowing();
        filling = true;
        try {
            sort.setValue(parsed.sort());
        } finally {
            filling = false;
        }
        apply(parsed.filter(), false);
    }

    /**
     * Shows the filter in the fields and the grid, and in the address bar when the user changed it. A narrowing
     * keeps the sagas the feature that knows them names (at most {@link #COUNT_CAP}): compensation outcomes, or the
     * traces that ran through legacy.
     */
    private void apply(SagaFilter filter, boolean updateUrl) {
        fill(filter);
        showNarrowing();
        SagaFilter listed = narrowed(filter);
        SagaSort order = sort.getValue() == null ? SagaSort.defaultFor(filter) : sort.getValue();
        sort.setEmptySelectionCaption(t("sagas.sort.defaultIs", sortWords(SagaSort.defaultFor(filter))));
        Instant now = Instant.now();
        pages = new KeysetPages(cursor -> masking.forCurrentUser(sagas.list(listed, order, cursor, KeysetPages.PAGE, now)),
                now);
        KeysetPages current = pages;
        try {
            long counted = sagas.countUpTo(listed, now, COUNT_CAP);
            count.setText(counted > COUNT_CAP ? t("sagas.count.more", COUNT_CAP) : t("sagas.count", counted));
            showActOnThese(filter, counted);
            grid.setItems(query -> current.rows(query.getOffset(), query.getLimit()).stream());
        } catch (RuntimeException e) {
            count.setText("");
            problems.setText(t("sagas.error.read", e.getMessage()));
            problems.setVisible(true);
            grid.setItems(List.of());
        }
        if (updateUrl) {
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                    SagaListQuery.location(filter, narrowing, sort.getValue())));
        }
    }

    /** The filter kept to the sagas the narrowing names; none, and why, when they cannot be read. */
    private SagaFilter narrowed(SagaFilter filter) {
        try {
            Set<Long> ids = switch (narrowing) {
                case SagaListQuery.CompensationFilter c -> outcomes.sagasEnded(c.outcome(), filter.type(), c.step(),
                        (int) COUNT_CAP);
                case SagaListQuery.ThroughLegacy l -> migration.sagasThroughLegacy(filter.startedFrom() == null
                        ? Instant.now().minus(LEGACY_LOOKBACK) : filter.startedFrom(), Instant.now(), (int) COUNT_CAP);
                case null -> null;
            };
            return ids == null ? filter : filter.onlySagas(ids.stream().limit(COUNT_CAP).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            problems.setText(t("sagas.error.narrowing", e.getMessage()));
            problems.setVisible(true);
            return filter.onlySagas(Set.of());
        }
    }

    /**
     * "Act on these N": the bulk page with this filter. A narrowed list (by compensation outcome or legacy) names
     * sagas a bulk filter cannot select, so it is offered only without one.
     */
    private void showActOnThese(SagaFilter filter, long counted) {
        actOnThese.setText(counted > COUNT_CAP ? t("sagas.actOnThese.many") : t("sagas.actOnThese", counted));
        boolean possible = narrowing == null && counted > 0;
        if (possible) {
            String list = SagaListQuery.location(filter);
            int question = list.indexOf('?');
            actOnThese.setHref(SagaLinks.BULK_PATH + (question < 0 ? "" : list.substring(question)));
            actOnThese.getElement().removeAttribute("title");
        } else {
            actOnThese.removeHref();
            actOnThese.getElement().setAttribute("title", counted == 0 ? t("sagas.actOnThese.none")
                    : t("sagas.actOnThese.narrowed"));
        }
        actOnThese.getElement().setAttribute("aria-disabled", String.valueOf(!possible));
    }

    private void showNarrowing() {
        narrowingNote.removeAll();
        narrowingNote.setVisible(narrowing != null);
        if (narrowing != null) {
            Span text = new Span(narrowing.describe());
            text.setId("list-narrowing-text");
            Button drop = new Button(t("sagas.showAll"), e -> {
                narrowing = null;
                apply(currentFilter(), true);
            });
            drop.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            narrowingNote.add(text, drop);
        }
    }

    private void fill(SagaFilter filter) {
        filling = true;
        try {
            throughLegacy.setValue(narrowing instanceof SagaListQuery.ThroughLegacy);
            filters.fill(filter);
        } finally {
            filling = false;
        }
    }

    /** The filter as the fields show it now. */
    SagaFilter currentFilter() {
        return filters.filter();
    }

    /** "15m", "2h", "1d", "90s", "1h30m" or ISO-8601 ("PT15M"). */
    static Duration parseDuration(String text) {
        return SagaFilterBar.parseDuration(text);
    }
}
