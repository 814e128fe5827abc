package io.opsplane.console.ui.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Route;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.alerting.silence.Silence;
import io.opsplane.console.alerting.AlertingActions;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Silences, active and pending first, then expired ones as history; an OPERATOR creates one or
 * ends one early. {@code /alerts/silences?state=ACTIVE} lists one state.
 */
@Route(value = SilencesView.PATH, layout = MainLayout.class)
@RolesAllowed("VIEWER")
public class SilencesView extends AlertingPage {

    public static final String PATH = "alerts/silences";

    private final Select<Silence.State> state = new Select<>();
    private final Span count = new Span();
    private final Div content = new Div();
    private boolean filling;

    public SilencesView(AlertingReads alerting, AlertingActions actions, Masking masking) {
        super("silences.title", alerting, actions, masking);

        HorizontalLayout header = header(count, "silence-count");
        if (actions.mayAct()) {
            Button create = new Button(t("silences.new"), VaadinIcon.BELL_SLASH.create(),
                    e -> new SilenceDialog(actions, alerting, Map.of(), this::show).open());
            create.setId("new-silence");
            header.add(create);
        }

        state.setLabel(t("silences.state"));
        state.setItems(Silence.State.values());
        state.setEmptySelectionAllowed(true);
        state.setEmptySelectionCaption(t("silences.any"));
        state.setItemLabelGenerator(s -> s == null ? t("silences.any") : t("silences.state." + s.name()));
        state.addValueChangeListener(e -> {
            if (!filling) {
                getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                        PATH + (e.getValue() == null ? "" : "?state=" + e.getValue())));
                show();
            }
        });
        content.setWidthFull();
        content.setId("silences");
        add(header, state, content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String wanted = event.getLocation().getQueryParameters().getParameters().getOrDefault("state", List.of())
                .stream().findFirst().orElse(null);
        filling = true;
        try {
            state.setValue(wanted == null ? null : Silence.State.valueOf(wanted.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            state.setValue(null);
        } finally {
            filling = false;
        }
        show();
    }

    @Override
    protected void show() {
        content.removeAll();
        List<Silence> found;
        try {
            found = masked(alerting.silences(state.getValue()));
        } catch (RuntimeException e) {
            count.setText("");
            content.add(Texts.error(t("silences.error", Texts.problem(e))));
            return;
        }
        count.setText(t("silences.count", found.size(), UserTime.zoneName()));
        if (found.isEmpty()) {
            content.add(Widgets.muted(state.getValue() == null ? t("silences.none")
                    : t("silences.noneIn", t("silences.state." + state.getValue().name()))));
            return;
        }
        Instant now = Instant.now();
        NativeTable table = Widgets.table(t("silences.column.state"), t("silences.column.matchers"),
                t("silences.column.starts"), t("silences.column.ends"), t("silences.column.createdBy"),
                t("silences.column.comment"), "");
        // in force first: they are what mutes alerts now
        found.stream().sorted(java.util.Comparator.comparing((Silence s) -> s.state() == Silence.State.EXPIRED))
                .forEach(silence -> {
                    NativeTableRow row = table.getBody().addRow();
                    row.setId("silence-" + silence.id());
                    row.getElement().setAttribute("data-state", silence.state().name());
                    row.addDataCell().add(new Badge(silence.state()));
                    row.addDataCell().add(Texts.chips(silence.matchers().stream().map(Object::toString).toList()));
                    row.addDataCell().setText(Texts.when(silence.startsAt(), now));
                    row.addDataCell().setText(Texts.when(silence.endsAt(), now));
                    row.addDataCell().setText(silence.createdBy());
                    row.addDataCell().setText(silence.comment());
                    var actionCell = row.addDataCell();
                    if (actions.mayAct() && silence.state() != Silence.State.EXPIRED) {
                        Button expire = new Button(t("silences.expire"), e -> expire(silence));
                        expire.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                        expire.setId("expire-" + silence.id());
                        actionCell.add(expire);
                    }
                });
        content.add(table);
    }

    private void expire(Silence silence) {
        try {
            actions.expire(silence.id());
            Notification.show(t("silences.expired"));
        } catch (RuntimeException e) {
            Notification.show(t("silences.expireError", Texts.problem(e)));
        }
        show();
    }
}
