package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.opsplane.console.compensation.ActionOutcomes;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.definition.StepDefinition;
import io.opsplane.console.migration.Migration;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSort;
import io.opsplane.console.saga.SagaStatus;
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
@PageTitle("Sagas · Opsplane")
@RolesAllowed("VIEWER")
public class SagaListView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "sagas";
    /** Beyond this the list says "more than": an exact count over millions of rows is not worth its time. */
    static final long COUNT_CAP = 10_000;
    /** How far back "through legacy" looks for legacy spans when the list has no start time. */
    static final Duration LEGACY_LOOKBACK = Duration.ofDays(1);

    private final SagaQueries sagas;
    private final ComboBox<String> type = new ComboBox<>(t("sagas.filter.type"));
    private final Select<SagaStatus> status = new Select<>();
    private final Select<StuckReason> stuckReason = new Select<>();
    private final ComboBox<String> step = new ComboBox<>(t("sagas.filter.step"));
    private final ComboBox<String> service = new ComboBox<>(t("sagas.filter.service"));
    private final TextField businessKey = new TextField(t("sagas.filter.businessKey"));
    private final TextField correlationKey = new TextField(t("sagas.filter.correlationKey"));
    private final TextField search = new TextField(t("sagas.filter.search"));
    private final TextField stuckLongerThan = new TextField(t("sagas.filter.stuckLongerThan"));
    private final DateTimePicker startedFrom = new DateTimePicker(t("sagas.filter.startedFrom"));
    private final DateTimePicker startedTo = new DateTimePicker(t("sagas.filter.startedTo"));
    private final DateTimePicker progressFrom = new DateTimePicker(t("sagas.filter.progressFrom"));
    private final DateTimePicker progressTo = new DateTimePicker(t("sagas.filter.progressTo"));
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
        HorizontalLayout header = header(t("sagas.title"), count, "saga-count",
                refreshButton(() -> apply(currentFilter(), false)), actOnThese, clear);

        type.setItems(definitions.types());
        type.setClearButtonVisible(true);
        status.setLabel(t("sagas.filter.status"));
        status.setItems(SagaStatus.values());
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption(t("sagas.filter.any"));
        status.setItemLabelGenerator(s -> s == null ? t("sagas.filter.any") : Widgets.statusText(s));
        stuckReason.setLabel(t("sagas.filter.stuckReason"));
        stuckReason.setItems(StuckReason.values());
        stuckReason.setEmptySelectionAllowed(true);
        stuckReason.setEmptySelectionCaption(t("sagas.filter.any"));
        stuckReason.setItemLabelGenerator(r -> r == null ? t("sagas.filter.any") : reason(r));
        service.setItems(definitions.all().stream().flatMap(d -> d.steps().stream()).map(StepDefinition::service)
                .distinct().sorted().toList());
        service.setClearButtonVisible(true);
        step.setItems(definitions.all().stream().flatMap(d -> d.steps().stream()).map(StepDefinition::name)
                .distinct().sorted().toList());
        step.setClearButtonVisible(true);
        step.setId("step-filter");
        businessKey.setPlaceholder(t("sagas.filter.businessKey.placeholder"));
        search.setPlaceholder(t("sagas.filter.search.placeholder"));
        stuckLongerThan.setPlaceholder(t("sagas.filter.stuckLongerThan.placeholder"));
        stuckLongerThan.setHelperText(t("sagas.filter.stuckLongerThan.helper"));
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
        for (TextField field : List.of(businessKey, correlationKey, search, stuckLongerThan)) {
            field.setClearButtonVisible(true);
        }
        FormLayout filters = new FormLayout(type, status, stuckReason, step, service, businessKey, correlationKey,
                search, stuckLongerThan, startedFrom, startedTo, progressFrom, progressTo, sort);
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
        filters.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 2), new FormLayout.ResponsiveStep("700px", 4),
                new FormLayout.ResponsiveStep("1100px", 6));
        filters.setWidthFull();
        List<HasValue<?, ?>> fields = List.of(type, status, stuckReason, step, service, businessKey, correlationKey,
                search, stuckLongerThan, startedFrom, startedTo, progressFrom, progressTo);
        fields.forEach(field -> field.addValueChangeListener(e -> {
            if (!filling) {
                apply(currentFilter(), true);
            }
        }));

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
        SagaFilter listed = filter;
        try {
            Set<Long> ids = switch (narrowing) {
                case SagaListQuery.CompensationFilter c -> outcomes.sagasEnded(c.outcome(), filter.type(), c.step(),
                        (int) COUNT_CAP);
                case SagaListQuery.ThroughLegacy l -> migration.sagasThroughLegacy(filter.startedFrom() == null
                        ? Instant.now().minus(LEGACY_LOOKBACK) : filter.startedFrom(), Instant.now(), (int) COUNT_CAP);
                case null -> null;
            };
            if (ids != null) {
                listed = filter.onlySagas(ids.stream().limit(COUNT_CAP).collect(Collectors.toSet()));
            }
        } catch (RuntimeException e) {
            listed = filter.onlySagas(Set.of());
            problems.setText(t("sagas.error.narrowing", e.getMessage()));
            problems.setVisible(true);
        }
        SagaSort order = sort.getValue() == null ? SagaSort.defaultFor(filter) : sort.getValue();
        sort.setEmptySelectionCaption(t("sagas.sort.defaultIs", sortWords(SagaSort.defaultFor(filter))));
        pages = new KeysetPages(sagas, masking, listed, order, Instant.now());
        KeysetPages current = pages;
        try {
            long counted = sagas.countUpTo(listed, current.now(), COUNT_CAP);
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
            type.setValue(filter.type());
            status.setValue(filter.status());
            stuckReason.setValue(filter.stuckReason());
            step.setValue(filter.step());
            service.setValue(filter.service());
            businessKey.setValue(text(filter.businessKey()));
            correlationKey.setValue(text(filter.correlationKey()));
            search.setValue(text(filter.search()));
            stuckLongerThan.setValue(filter.stuckLongerThan() == null ? "" : UserTime.typed(filter.stuckLongerThan()));
            startedFrom.setValue(local(filter.startedFrom()));
            startedTo.setValue(local(filter.startedTo()));
            progressFrom.setValue(local(filter.progressFrom()));
            progressTo.setValue(local(filter.progressTo()));
            stuckLongerThan.setInvalid(false);
        } finally {
            filling = false;
        }
    }

    /** The filter as the fields show it now. */
    SagaFilter currentFilter() {
        Duration stuck = null;
        if (!stuckLongerThan.isEmpty()) {
            try {
                stuck = parseDuration(stuckLongerThan.getValue());
                stuckLongerThan.setInvalid(false);
            } catch (IllegalArgumentException e) {
                stuckLongerThan.setErrorMessage(e.getMessage());
                stuckLongerThan.setInvalid(true);
            }
        }
        return new SagaFilter(type.getValue(), status.getValue(), stuckReason.getValue(), service.getValue(),
                blankToNull(businessKey.getValue()), blankToNull(correlationKey.getValue()),
                blankToNull(search.getValue()), instant(startedFrom.getValue()), instant(startedTo.getValue()),
                instant(progressFrom.getValue()), instant(progressTo.getValue()), stuck, step.getValue(), null);
    }

    /** "15m", "2h", "1d", "90s", "1h30m" or ISO-8601 ("PT15M"). */
    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (!value.matches("(\\d+d)?(\\d+h)?(\\d+min|\\d+m)?(\\d+s)?") || value.isEmpty()) {
                throw new IllegalArgumentException();
            }
            String iso = value.replace("min", "m");
            int d = iso.indexOf('d');
            String days = d < 0 ? "" : iso.substring(0, d + 1);
            String time = d < 0 ? iso : iso.substring(d + 1);
            return Duration.parse(("P" + days + (time.isEmpty() ? "" : "T" + time)).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(t("sagas.filter.stuckLongerThan.invalid"));
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static LocalDateTime local(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, UserTime.zone());
    }

    private static Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(UserTime.zone()).toInstant();
    }
}
