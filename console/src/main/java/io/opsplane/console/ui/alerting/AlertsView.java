package io.opsplane.console.ui.alerting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.dispatch.GroupView;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.console.alerting.AlertingActions;
import io.opsplane.console.security.Role;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.ui.saga.SagaLinks;
import io.opsplane.console.ui.saga.SagaListView;
import io.opsplane.console.ui.kit.CurrentUser;
import io.opsplane.console.ui.kit.Messages;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Alerts as whoever is on call needs them: what fires, since when, its labels and value, the console
 * view behind it, which notification group carries it to which receiver and when that was last told;
 * an OPERATOR acknowledges or silences from here. The filter is the address
 * ({@code /alerts?state=firing&label=severity%3D%22critical%22}), named as in {@code GET /api/alerts}.
 */
@Route(value = AlertsView.PATH, layout = MainLayout.class)
@Menu(order = 4.5, title = "Alerts")
@RolesAllowed("VIEWER")
public class AlertsView extends AlertingPage {

    public static final String PATH = "alerts";
    static final int SHOWN = 200;
    /** The state filter's "no state": pending and firing, as the API lists by default. */
    private static final String LIVE = "live";

    private final Select<String> state = new Select<>();
    private final TextField labels = new TextField(t("alerts.labels"));
    private final Span count = new Span();
    private final Div problems = new Div();
    private final Div list = new Div();
    private boolean filling;

    public AlertsView(AlertingReads alerting, AlertingActions actions, Masking masking) {
        super("alerts.title", alerting, actions, masking);

        HorizontalLayout header = header(count, "alert-count", refreshButton(() -> show(true)));

        state.setLabel(t("alerts.state"));
        state.setItems(LIVE, "firing", "pending", "resolved");
        state.setItemLabelGenerator(s -> t("alerts.stateItem." + s));
        state.setValue(LIVE);
        labels.setPlaceholder(t("alerts.labels.placeholder"));
        labels.setHelperText(t("alerts.labels.helper"));
        labels.setClearButtonVisible(true);
        labels.setWidth("32em");
        state.addValueChangeListener(e -> {
            if (!filling) {
                show(true);
            }
        });
        labels.addValueChangeListener(e -> {
            if (!filling) {
                show(true);
            }
        });
        HorizontalLayout filters = new HorizontalLayout(state, labels);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);

        problems.addClassName("opsplane-error");
        problems.setId("alert-filter-problems");
        problems.setVisible(false);
        list.addClassName("opsplane-list");
        list.setId("alerts");
        add(header, filters, problems, list);
    }

    /** "alerts?state=firing&label=…": the address of a filtered list, for links and the address bar. */
    public static String location(String state, List<String> labelMatchers) {
        List<String> parameters = new ArrayList<>();
        if (state != null) {
            parameters.add("state=" + encode(state));
        }
        labelMatchers.forEach(m -> parameters.add("label=" + encode(m)));
        return PATH + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> query = event.getLocation().getQueryParameters().getParameters();
        String wanted = query.getOrDefault("state", List.of()).stream().findFirst().orElse(null);
        boolean known = wanted == null || List.of("firing", "pending", "resolved").contains(wanted);
        filling = true;
        try {
            state.setValue(known && wanted != null ? wanted : LIVE);
            labels.setValue(String.join(", ", query.getOrDefault("label", List.of())));
        } finally {
            filling = false;
        }
        show(false);
        if (!known) {
            problems.setText(t("alerts.badState", wanted));
            problems.setVisible(true);
        }
    }

    @Override
    protected void show() {
        show(false);
    }

    /** Reads and shows the alerts the filter asks for; {@code toAddress}: the user changed it, so the URL follows. */
    private void show(boolean toAddress) {
        problems.setVisible(false);
        list.removeAll();
        List<Matcher> matchers;
        try {
            matchers = Texts.parseMatchers(labels.getValue());
            labels.setInvalid(false);
        } catch (IllegalArgumentException e) {
            labels.setErrorMessage(e.getMessage());
            labels.setInvalid(true);
            count.setText("");
            return;
        }
        String wanted = LIVE.equals(state.getValue()) ? null : state.getValue();
        if (toAddress) {
            String address = location(wanted, matchers.stream().map(Matcher::toString).toList());
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, address));
        }
        Instant now = Instant.now();
        List<AlertView> found;
        Map<Long, List<GroupView>> groupsByAlert = new HashMap<>();
        try {
            found = masked(alerting.alerts(wanted, matchers, SHOWN));
            for (GroupView group : alerting.groups()) {
                group.alerts().forEach(a -> groupsByAlert.computeIfAbsent(a.id(), id -> new ArrayList<>()).add(group));
            }
        } catch (RuntimeException e) {
            count.setText("");
            problems.setText(t("alerts.error", Texts.problem(e)));
            problems.setVisible(true);
            return;
        }
        String what = t("alerts.what." + (wanted == null ? LIVE : wanted));
        count.setText(found.size() >= SHOWN ? t("alerts.count.newest", SHOWN, what, UserTime.zoneName())
                : t("alerts.count", found.size(), what, UserTime.zoneName()));
        if (found.isEmpty()) {
            list.add(Widgets.muted(matchers.isEmpty()
                    ? t("alerts.none", what) : t("alerts.none.labels", what)));
        }
        found.forEach(alert -> list.add(card(alert, groupsByAlert.getOrDefault(alert.id(), List.of()), now)));
    }

    /**
     * The alert's examples. A saga alert's (it has a saga_type) are the correlation keys of sagas it counted: each
     * opens that saga in the list; other kinds' are shown as they are.
     */
    /**
     * The bulk page over the sagas an alert's link lists ("…/sagas?status=STUCK&step=…" → "…/bulk?status=STUCK&…"),
     * or null when the link is not a saga list a bulk job can select (a narrowed list, or another view).
     */
    static String bulkLink(String generatorUrl) {
        String list = "/" + SagaListView.PATH + "?";
        int at = generatorUrl.startsWith(SagaListView.PATH + "?") ? -1 : generatorUrl.indexOf(list);
        if (at < 0 && !generatorUrl.startsWith(SagaListView.PATH + "?")) {
            return null;
        }
        String query = generatorUrl.substring(generatorUrl.indexOf('?') + 1);
        if (query.contains("compensation=") || query.contains("legacy=")) {
            return null;
        }
        return (at < 0 ? "" : generatorUrl.substring(0, at + 1)) + SagaLinks.BULK_PATH + "?" + query;
    }

    private static Component examples(AlertView alert) {
        Paragraph examples = new Paragraph(t("alerts.examples"));
        examples.addClassName("opsplane-muted");
        examples.addClassName("alert-examples");
        String sagaType = alert.labels().get("saga_type");
        for (int i = 0; i < alert.samples().size(); i++) {
            String sample = alert.samples().get(i);
            examples.add(new Span(i == 0 ? "" : t("list.separator")));
            examples.add(sagaType == null ? new Span(sample) : SagaLinks.listLink(sample, new SagaFilter(sagaType, null,
                    null, null, null, sample, null, null, null, null, null, null)));
        }
        return examples;
    }

    private Component card(AlertView alert, List<GroupView> itsGroups, Instant now) {
        Div card = new Div();
        card.addClassNames("opsplane-card", "opsplane-alert");
        card.setId("alert-" + alert.id());
        card.getElement().setAttribute("data-state", alert.state());
        card.getElement().setAttribute("data-alertname", alert.rule());

        String summary = alert.summary(Messages.locale());
        Div title = new Div(new Badge(alert.state()), new Badge(alert.labels().getOrDefault("severity", "")),
                name(alert.rule()), new Span(summary));
        title.addClassName("title");
        card.add(title);

        String value = t("alerts.value", number(alert.value()), Texts.when(alert.activeAt(), now));
        String firing = alert.firedAt() == null ? "" : t("alerts.firingSince", UserTime.format(alert.firedAt()));
        String resolved = alert.resolvedAt() == null ? "" : t("alerts.resolvedAt", Texts.when(alert.resolvedAt(), now));
        card.add(new Paragraph(t("alerts.facts", value, firing, resolved)));
        card.add(Texts.labels(alert.labels()));
        alert.annotationsIn(Messages.locale()).forEach((name, text) -> {
            if (!name.equals("summary")) {
                Paragraph annotation = new Paragraph(t("alerts.annotation", name, text));
                annotation.addClassName("opsplane-muted");
                card.add(annotation);
            }
        });
        if (!alert.samples().isEmpty()) {
            card.add(examples(alert));
        }
        if (alert.generatorURL() != null) {
            Anchor link = new Anchor(alert.generatorURL(), t("alerts.open"));
            link.addClassName("alert-link");
            link.setTarget(AnchorTarget.DEFAULT);
            Div links = new Div(link);
            String bulk = bulkLink(alert.generatorURL());
            if (bulk != null && alert.resolvedAt() == null && CurrentUser.has(Role.OPERATOR)) {
                Anchor act = new Anchor(bulk, t("alerts.actOnThese"));
                act.addClassNames("alert-act", "opsplane-act");
                act.setTarget(AnchorTarget.DEFAULT);
                links.add(new Span(t("list.dot")), act);
            }
            card.add(links);
        }
        card.add(groupsLine(itsGroups, now));
        if (alert.acknowledgement() != null) {
            AlertView.Acknowledgement ack = alert.acknowledgement();
            Paragraph acknowledged = new Paragraph(ack.comment() == null
                    ? t("alerts.acknowledged", ack.by(), Texts.when(ack.at(), now))
                    : t("alerts.acknowledgedWhy", ack.by(), Texts.when(ack.at(), now), ack.comment()));
            acknowledged.addClassName("alert-ack");
            card.add(acknowledged);
        }
        if (!alert.silencedBy().isEmpty()) {
            Anchor silences = new Anchor(SilencesView.PATH + "?state=ACTIVE",
                    t("alerts.silencedBy", alert.silencedBy().size()));
            silences.addClassName("alert-silenced");
            card.add(new Div(silences));
        }
        if (actions.mayAct() && !alert.state().equals("resolved")) {
            card.add(actionsFor(alert));
        }
        return card;
    }

    private Component groupsLine(List<GroupView> itsGroups, Instant now) {
        Div line = new Div();
        line.addClassName("alert-groups");
        if (itsGroups.isEmpty()) {
            line.add(Widgets.muted(t("alerts.noGroup")));
            return line;
        }
        for (GroupView group : itsGroups) {
            String labels = new java.util.TreeMap<>(group.groupLabels()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            Paragraph paragraph = new Paragraph(group.lastNotifiedAt() != null
                    ? t("alerts.group.notified", labels, group.receiver(), Texts.when(group.lastNotifiedAt(), now))
                    : group.nextFlushAt() == null ? t("alerts.group.notTold", labels, group.receiver())
                    : t("alerts.group.due", labels, group.receiver(), UserTime.time(group.nextFlushAt())));
            paragraph.addClassName("opsplane-muted");
            line.add(paragraph);
        }
        return line;
    }

    private Component actionsFor(AlertView alert) {
        Div buttons = new Div();
        buttons.addClassName("opsplane-actions");
        Button acknowledge = new Button(t("alerts.acknowledge.open"), VaadinIcon.CHECK.create(), e -> acknowledge(alert));
        acknowledge.setId("ack-" + alert.id());
        if (alert.acknowledgement() != null) {
            // offered but not to be pressed: the reason shows on hovering it
            acknowledge.setEnabled(false);
            acknowledge.setTooltipText(t("alerts.acknowledge.already", alert.acknowledgement().by()));
        }
        buttons.add(acknowledge);
        Button silence = new Button(t("alerts.silence.open"), VaadinIcon.BELL_SLASH.create(),
                e -> new SilenceDialog(actions, alerting, alert.labels(), () -> show(false)).open());
        silence.setId("silence-" + alert.id());
        buttons.add(silence);
        return buttons;
    }

    private void acknowledge(AlertView alert) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(t("alerts.acknowledge.title", alert.rule()));
        TextArea comment = new TextArea(t("alerts.acknowledge.comment"));
        comment.setPlaceholder(t("alerts.acknowledge.placeholder"));
        comment.setWidth("30em");
        comment.setId("ack-comment");
        Paragraph problem = Texts.error("");
        problem.setVisible(false);
        Button confirm = new Button(t("alerts.acknowledge.confirm"), e -> {
            try {
                actions.acknowledge(alert.id(), comment.getValue());
                dialog.close();
                Notification.show(t("alerts.acknowledge.done"));
                show(false);
            } catch (RuntimeException failed) {
                problem.setText(Texts.problem(failed));
                problem.setVisible(true);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.setId("ack-confirm");
        dialog.add(new VerticalLayout(Widgets.muted(t("alerts.acknowledge.note")),
                comment, problem));
        dialog.getFooter().add(new Button(t("common.cancel"), e -> dialog.close()), confirm);
        dialog.open();
    }

    private static Span name(String rule) {
        Span name = new Span(rule);
        name.addClassName("alert-name");
        return name;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(java.util.Locale.ROOT, "%.4g", value);
    }
}
