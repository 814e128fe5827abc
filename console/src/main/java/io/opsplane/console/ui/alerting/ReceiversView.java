package io.opsplane.console.ui.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.Route;
import io.opsplane.alerting.config.AlertingProperties.Receiver;
import com.vaadin.flow.component.select.Select;
import io.opsplane.alerting.delivery.Delivery;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.console.alerting.AlertingActions;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Where notifications go, and what happened to each: every receiver (where it sends, whether it
 * signs; never a secret, routing key or full URL) with its delivery log, every attempt with its status
 * code or error; an OPERATOR sends a test notification through the same outbox.
 */
@Route(value = ReceiversView.PATH, layout = MainLayout.class)
@RolesAllowed("VIEWER")
public class ReceiversView extends AlertingPage {

    public static final String PATH = "alerts/receivers";
    static final int LOGGED = 25;

    private final Div content = new Div();

    public ReceiversView(AlertingReads alerting, AlertingActions actions, Masking masking) {
        super("receivers.title", alerting, actions, masking);
        Button refresh = refreshButton(this::show);
        refresh.setId("receivers-refresh");
        HorizontalLayout header = header(null, null, refresh);
        content.addClassName("opsplane-list");
        content.setId("receivers");
        add(header, content);
    }

    @Override
    protected void show() {
        content.removeAll();
        List<Receiver> all = alerting.receivers();
        if (all.isEmpty()) {
            content.add(Widgets.muted(t("receivers.none")));
            return;
        }
        Instant now = Instant.now();
        all.forEach(receiver -> content.add(card(receiver, now)));
    }

    private Component card(Receiver receiver, Instant now) {
        Div card = new Div();
        card.addClassName("opsplane-card");
        card.setId("receiver-" + receiver.name());
        Map<String, Object> described = alerting.describe(receiver);
        HorizontalLayout title = new HorizontalLayout(new H3(receiver.name()), new Badge(described.get("type")));
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        if (actions.mayAct()) {
            Button test = new Button(t("receivers.sendTest"), VaadinIcon.PAPERPLANE.create(), e -> sendTest(receiver));
            test.setId("send-test-" + receiver.name());
            title.add(test);
        }
        card.add(title);
        card.add(Widgets.muted(t(Boolean.TRUE.equals(described.get("operatorActions")) ? "receivers.factsOperator"
                : "receivers.facts", String.valueOf(described.get("url")),
                Boolean.TRUE.equals(described.get("signed")) ? t("receivers.signed") : t("receivers.notSigned"),
                UserTime.duration(receiver.timeout()))));
        card.add(language(receiver, String.valueOf(described.get("language"))));
        try {
            card.add(deliveries(masked(alerting.deliveries(receiver.name(), null, LOGGED)), now));
        } catch (RuntimeException e) {
            card.add(Texts.error(t("receivers.logError", Texts.problem(e))));
        }
        return card;
    }

    private static Component deliveries(List<Delivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return Widgets.muted(t("receivers.nothingSent"));
        }
        NativeTable table = Widgets.table(t("receivers.column.queued"), t("receivers.column.kind"),
                t("receivers.column.status"), t("receivers.column.attempts"), t("receivers.column.webhookId"),
                t("receivers.column.delivered"));
        table.addClassName("delivery-log");
        for (Delivery delivery : deliveries) {
            NativeTableRow row = table.getBody().addRow();
            row.setId("delivery-" + delivery.id());
            row.getElement().setAttribute("data-kind", delivery.kind());
            row.getElement().setAttribute("data-status", delivery.status());
            row.addDataCell().setText(Texts.when(delivery.createdAt(), now));
            row.addDataCell().setText(delivery.kind() + (delivery.groupKey() == null || delivery.kind().equals("test")
                    ? "" : " " + delivery.groupKey()));
            Div status = new Div(new Badge(delivery.status()));
            if (delivery.status().equals("pending") && delivery.nextAttemptAt() != null && delivery.attempts() > 0) {
                status.add(new Paragraph(t("receivers.nextTry", UserTime.relative(delivery.nextAttemptAt(), now))));
            }
            row.addDataCell().add(status);
            var attempts = row.addDataCell();
            attempts.addClassName("wrap");
            attempts.setText(delivery.attemptLog().isEmpty() ? t("receivers.notTried") : delivery.attemptLog().stream()
                    .map(a -> UserTime.time(a.at()) + " → " + (a.statusCode() == null ? "" : a.statusCode() + " ")
                            + (a.error() == null ? "" : a.error() + " ") + "(" + Math.round(a.durationMs()) + " ms)")
                    .collect(Collectors.joining("\n")));
            row.addDataCell().setText(delivery.webhookId());
            row.addDataCell().setText(delivery.deliveredAt() == null ? "–" : UserTime.time(delivery.deliveredAt()));
        }
        return table;
    }

    /** The language its notifications are written in; an ADMIN may change it here (or PUT /api/receivers/{name}/language). */
    private Component language(Receiver receiver, String current) {
        Select<String> language = new Select<>();
        language.setId("receiver-language-" + receiver.name());
        language.setLabel(t("receivers.language"));
        language.setItems(alerting.receiverLanguages());
        language.setItemLabelGenerator(code -> t("receivers.language." + code));
        language.setValue(current);
        language.setReadOnly(!actions.mayConfigure());
        language.addValueChangeListener(e -> {
            if (!e.isFromClient() || e.getValue() == null) {
                return;
            }
            try {
                actions.setReceiverLanguage(receiver.name(), e.getValue());
                com.vaadin.flow.component.notification.Notification.show(t("receivers.languageSet",
                        receiver.name(), t("receivers.language." + e.getValue())));
            } catch (RuntimeException failed) {
                com.vaadin.flow.component.notification.Notification.show(Texts.problem(failed));
                language.setValue(e.getOldValue());
            }
        });
        return language;
    }

    /** Queues the test, shows it pending, and shows it again once its first attempt was made. */
    private void sendTest(Receiver receiver) {
        Delivery queued;
        try {
            queued = actions.sendTest(receiver.name());
        } catch (RuntimeException e) {
            com.vaadin.flow.component.notification.Notification.show(t("receivers.testError", Texts.problem(e)));
            return;
        }
        com.vaadin.flow.component.notification.Notification.show(t("receivers.testQueued", queued.webhookId()));
        show();
        UI ui = UI.getCurrent();
        Instant until = Instant.now().plus(receiver.timeout()).plusSeconds(2);
        Thread.ofVirtual().name("receiver-test-" + receiver.name()).start(() -> {
            try {
                while (Instant.now().isBefore(until)
                        && alerting.delivery(queued.id()).map(d -> d.attempts() == 0).orElse(false)) {
                    Thread.sleep(Duration.ofMillis(200));
                }
                ui.access(this::show);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (com.vaadin.flow.component.UIDetachedException gone) {
                // the page was left meanwhile: nothing to show it on
            }
        });
    }
}
