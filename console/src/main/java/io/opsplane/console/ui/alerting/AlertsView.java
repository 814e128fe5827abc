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
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
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
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.CurrentUser;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

/**
 * Alerts as whoever is on call needs them: what fires, since when, its labels and value, the console
 * view behind it, which notification group carries it to which receiver and when that was last told;
 * an OPERATOR acknowledges or silences from here. The filter is the address
 * ({@code /alerts?state=firing&label=severity%3D%22critical%22}), named as in {@code GET /api/alerts}.
 */
@Route(value = AlertsView.PATH, layout = MainLayout.class)
@Menu(order = 4.5, title = "Alerts")
@PageTitle("Alerts · Opsplane")
@RolesAllowed("VIEWER")
public class AlertsView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "alerts";
    static final int SHOWN = 200;
    /** The state filter's "no state": pending and firing, as the API lists by default. */
    private static final String LIVE = "live";

    private final AlertingReads alerting;
    private final Masking masking;
    private final AlertingActions actions;
    private final Select<String> state = new Select<>();
    private final TextField labels = new TextField("Labels");
    private final Span count = new Span();
    private final Div problems = new Div();
    private final Div list = new Div();
    private boolean filling;

    public AlertsView(AlertingReads alerting, AlertingActions actions, Masking masking) {
        this.alerting = alerting;
        this.masking = masking;
        this.actions = actions;

        HorizontalLayout header = header("Alerts", count, "alert-count", refreshButton(() -> show(true)));

        state.setLabel("State");
        state.setItems(LIVE, "firing", "pending", "resolved");
        state.setItemLabelGenerator(s -> s.equals(LIVE) ? "pending and firing" : s);
        state.setValue(LIVE);
        labels.setPlaceholder("severity=\"critical\", saga_type=order-placement");
        labels.setHelperText("label matchers: = != =~ !~, separated by commas");
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
        add(new AlertingNav(), header, filters, problems, list);
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
            problems.setText("'state' cannot be '" + wanted + "'; expected firing, pending or resolved. "
                    + "Showing pending and firing alerts.");
            problems.setVisible(true);
        }
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
            found = masking.forCurrentUser(alerting.alerts(wanted, matchers, SHOWN));
            for (GroupView group : alerting.groups()) {
                group.alerts().forEach(a -> groupsByAlert.computeIfAbsent(a.id(), id -> new ArrayList<>()).add(group));
            }
        } catch (RuntimeException e) {
            count.setText("");
            problems.setText("Could not read the alerts: " + Texts.problem(e));
            problems.setVisible(true);
            return;
        }
        String what = wanted == null ? "pending or firing" : wanted;
        count.setText((found.size() >= SHOWN ? "the newest " + SHOWN : String.valueOf(found.size())) + " " + what
                + (found.size() == 1 ? " alert" : " alerts") + " · times in " + UserTime.zoneName());
        if (found.isEmpty()) {
            list.add(Texts.muted(matchers.isEmpty()
                    ? "No " + what + " alert. Rules are evaluated on their own; see Rules for their health."
                    : "No " + what + " alert has these labels."));
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
        Paragraph examples = new Paragraph("For example: ");
        examples.addClassName("opsplane-muted");
        examples.addClassName("alert-examples");
        String sagaType = alert.labels().get("saga_type");
        for (int i = 0; i < alert.samples().size(); i++) {
            String sample = alert.samples().get(i);
            examples.add(new Span(i == 0 ? "" : ", "));
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

        String summary = alert.annotations().getOrDefault("summary", "");
        Div title = new Div(new Badge(alert.state()), new Badge(alert.labels().getOrDefault("severity", "")),
                name(alert.rule()), new Span(summary));
        title.addClassName("title");
        card.add(title);

        card.add(new Paragraph("Value " + number(alert.value()) + " · active since " + Texts.when(alert.activeAt(), now)
                + (alert.firedAt() == null ? "" : " · firing since " + UserTime.format(alert.firedAt()))
                + (alert.resolvedAt() == null ? "" : " · resolved " + Texts.when(alert.resolvedAt(), now))));
        card.add(Texts.labels(alert.labels()));
        alert.annotations().forEach((name, text) -> {
            if (!name.equals("summary")) {
                Paragraph annotation = new Paragraph(name + ": " + text);
                annotation.addClassName("opsplane-muted");
                card.add(annotation);
            }
        });
        if (!alert.samples().isEmpty()) {
            card.add(examples(alert));
        }
        if (alert.generatorURL() != null) {
            Anchor link = new Anchor(alert.generatorURL(), "Open what it is about in the console");
            link.addClassName("alert-link");
            link.setTarget(AnchorTarget.DEFAULT);
            Div links = new Div(link);
            String bulk = bulkLink(alert.generatorURL());
            if (bulk != null && alert.resolvedAt() == null && CurrentUser.has(Role.OPERATOR)) {
                Anchor act = new Anchor(bulk, "Act on these sagas");
                act.addClassNames("alert-act", "opsplane-act");
                act.setTarget(AnchorTarget.DEFAULT);
                links.add(new Span(" · "), act);
            }
            card.add(links);
        }
        card.add(groupsLine(itsGroups, now));
        if (alert.acknowledgement() != null) {
            AlertView.Acknowledgement ack = alert.acknowledgement();
            Paragraph acknowledged = new Paragraph("Acknowledged by " + ack.by() + " " + Texts.when(ack.at(), now)
                    + (ack.comment() == null ? "" : ": " + ack.comment()));
            acknowledged.addClassName("alert-ack");
            card.add(acknowledged);
        }
        if (!alert.silencedBy().isEmpty()) {
            Anchor silences = new Anchor(SilencesView.PATH + "?state=ACTIVE", "Silenced by "
                    + alert.silencedBy().size() + (alert.silencedBy().size() == 1 ? " silence" : " silences"));
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
            line.add(Texts.muted("In no notification group now (pending alerts join one when they fire; resolved "
                    + "ones leave once their receiver was told)."));
            return line;
        }
        for (GroupView group : itsGroups) {
            String labels = new java.util.TreeMap<>(group.groupLabels()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            Paragraph paragraph = new Paragraph("Group {" + labels + "} → receiver " + group.receiver() + " · "
                    + (group.lastNotifiedAt() == null
                    ? "not told yet" + (group.nextFlushAt() == null ? "" : ", due " + UserTime.time(group.nextFlushAt()))
                    : "last notified " + Texts.when(group.lastNotifiedAt(), now)));
            paragraph.addClassName("opsplane-muted");
            line.add(paragraph);
        }
        return line;
    }

    private Component actionsFor(AlertView alert) {
        Div buttons = new Div();
        buttons.addClassName("opsplane-actions");
        Button acknowledge = new Button("Acknowledge…", VaadinIcon.CHECK.create(), e -> acknowledge(alert));
        acknowledge.setId("ack-" + alert.id());
        if (alert.acknowledgement() != null) {
            // offered but not to be pressed: the reason shows on hovering it
            acknowledge.setEnabled(false);
            acknowledge.setTooltipText("Acknowledged already, by " + alert.acknowledgement().by());
        }
        buttons.add(acknowledge);
        Button silence = new Button("Silence…", VaadinIcon.BELL_SLASH.create(),
                e -> new SilenceDialog(actions, alerting, alert.labels(), () -> show(false)).open());
        silence.setId("silence-" + alert.id());
        buttons.add(silence);
        return buttons;
    }

    private void acknowledge(AlertView alert) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Acknowledge " + alert.rule());
        TextArea comment = new TextArea("Comment");
        comment.setPlaceholder("What you are doing about it, for the others on call");
        comment.setWidth("30em");
        comment.setId("ack-comment");
        Paragraph problem = Texts.error("");
        problem.setVisible(false);
        Button confirm = new Button("Acknowledge", e -> {
            try {
                actions.acknowledge(alert.id(), comment.getValue());
                dialog.close();
                Notification.show("Acknowledged: its repeats stop.");
                show(false);
            } catch (RuntimeException failed) {
                problem.setText(Texts.problem(failed));
                problem.setVisible(true);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.setId("ack-confirm");
        dialog.add(new VerticalLayout(Texts.muted("Recorded as acknowledged by you; the group stops repeating it."),
                comment, problem));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
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
