package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.definition.StepDefinition;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;

import static io.opsplane.console.ui.kit.Messages.t;
import static io.opsplane.console.ui.kit.QueryReader.blankToNull;

/**
 * The saga list's filter controls, one per field of {@link SagaFilter} (and of {@code GET /api/sagas}), so the list
 * and the bulk page select sagas with the same controls. Filled from a {@link SagaFilter} (as a link's
 * {@link SagaListQuery} reads it) and read back as one; a user's edit is told to the listener, filling is not.
 * Other controls (the list's order, "through legacy") can be added to it and are laid out with the rest.
 */
public class SagaFilterBar extends FormLayout {

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
    /** Set while the fields are filled from a filter, so that filling them is not taken for the user's edits. */
    private boolean filling;

    /** {@code onEdit} runs when the user changes a control (not when {@link #fill} does). */
    public SagaFilterBar(SagaDefinitions definitions, Runnable onEdit) {
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
        stuckReason.setItemLabelGenerator(r -> r == null ? t("sagas.filter.any") : t("stuckReason." + r.name()));
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
        for (TextField field : List.of(businessKey, correlationKey, search, stuckLongerThan)) {
            field.setClearButtonVisible(true);
        }
        add(type, status, stuckReason, step, service, businessKey, correlationKey, search, stuckLongerThan,
                startedFrom, startedTo, progressFrom, progressTo);
        setResponsiveSteps(new FormLayout.ResponsiveStep("0", 2), new FormLayout.ResponsiveStep("700px", 4),
                new FormLayout.ResponsiveStep("1100px", 6));
        setWidthFull();
        List<HasValue<?, ?>> fields = List.of(type, status, stuckReason, step, service, businessKey, correlationKey,
                search, stuckLongerThan, startedFrom, startedTo, progressFrom, progressTo);
        fields.forEach(field -> field.addValueChangeListener(e -> {
            if (!filling) {
                onEdit.run();
            }
        }));
    }

    /** Shows {@code filter} in the controls, without telling the listener. */
    public void fill(SagaFilter filter) {
        filling = true;
        try {
            type.setValue(filter.type());
            status.setValue(filter.status());
            stuckReason.setValue(filter.stuckReason());
            step.setValue(filter.step());
            service.setValue(filter.service());
            businessKey.setValue(text(filter.businessKey()));
            correlationKey.setValue(text(filter.correlationKey()));
            search.setValue(text(filter.search()));
            stuckLongerThan.setValue(filter.stuckLongerThan() == null ? ""
                    : UserTime.typed(filter.stuckLongerThan()));
            startedFrom.setValue(UserTime.local(filter.startedFrom()));
            startedTo.setValue(UserTime.local(filter.startedTo()));
            progressFrom.setValue(UserTime.local(filter.progressFrom()));
            progressTo.setValue(UserTime.local(filter.progressTo()));
            stuckLongerThan.setInvalid(false);
        } finally {
            filling = false;
        }
    }

    /** The filter as the controls show it now; a duration that cannot be read is marked and left out. */
    public SagaFilter filter() {
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
                blankToNull(search.getValue()), UserTime.instant(startedFrom.getValue()),
                UserTime.instant(startedTo.getValue()), UserTime.instant(progressFrom.getValue()),
                UserTime.instant(progressTo.getValue()), stuck, step.getValue(), null);
    }

    /** Whether a control holds what cannot be read (so {@link #filter} left it out). */
    public boolean invalid() {
        return stuckLongerThan.isInvalid();
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
}
