package io.opsplane.console.ui.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.alerting.silence.Silence;
import io.opsplane.console.alerting.AlertingActions;
import io.opsplane.console.security.CurrentUser;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Creating a silence: matchers (pre-filled with an alert's labels when silencing that alert), how
 * long, and why; the author is whoever is signed in. It says which live alerts the matchers mute
 * before anything is created.
 */
class SilenceDialog extends Dialog {

    private final AlertingActions actions;
    private final AlertingReads alerting;
    private final TextArea matchers = new TextArea(t("silence.matchers"));
    private final TextField duration = new TextField(t("silence.duration"));
    private final TextArea comment = new TextArea(t("silence.comment"));
    private final Paragraph preview = Widgets.muted("");
    private final Paragraph problem = Texts.error("");

    SilenceDialog(AlertingActions actions, AlertingReads alerting, Map<String, String> labels, Runnable created) {
        this.actions = actions;
        this.alerting = alerting;
        setHeaderTitle(labels.isEmpty() ? t("silence.new") : t("silence.thisAlert"));
        matchers.setValue(labels.entrySet().stream().map(e -> new Matcher(e.getKey(), e.getValue(), false, true))
                .map(Matcher::toString).collect(Collectors.joining("\n")));
        matchers.setPlaceholder(t("silence.matchers.placeholder"));
        matchers.setHelperText(t("silence.matchers.helper"));
        matchers.setWidth("36em");
        matchers.addClassName("opsplane-code");
        matchers.setId("silence-matchers");
        duration.setValue("2h");
        duration.setHelperText(t("silence.duration.helper"));
        duration.setId("silence-duration");
        comment.setPlaceholder(t("silence.comment.placeholder"));
        comment.setWidth("36em");
        comment.setRequired(true);
        comment.setId("silence-comment");
        matchers.addValueChangeListener(e -> check());
        duration.addValueChangeListener(e -> check());
        problem.setVisible(false);
        preview.setId("silence-preview");

        Button create = new Button(t("silence.create"), e -> create(created));
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("silence-create");
        add(new VerticalLayout(matchers, duration, comment, Widgets.muted(t("silence.createdBy", CurrentUser.name())),
                preview, problem));
        getFooter().add(new Button(t("common.cancel"), e -> close()), create);
        check();
    }

    /** Says what the silence would mute and until when, or what is wrong with it. */
    private void check() {
        try {
            List<Matcher> parsed = Texts.parseMatchers(matchers.getValue());
            matchers.setInvalid(false);
            List<AlertView> muted = parsed.isEmpty() ? List.of()
                    : alerting.alerts(null, parsed, AlertsView.SHOWN);
            String until = null;
            try {
                until = UserTime.format(Instant.now().plus(Texts.parseDuration(duration.getValue())));
                duration.setInvalid(false);
            } catch (IllegalArgumentException e) {
                duration.setErrorMessage(e.getMessage());
                duration.setInvalid(true);
            }
            String rules = muted.stream().map(AlertView::rule).distinct().collect(Collectors.joining(", "));
            preview.setText(until == null
                    ? (muted.isEmpty() ? t("silence.preview.none", 0) : t("silence.preview", muted.size(), rules))
                    : muted.isEmpty() ? t("silence.preview.noneUntil", 0, until, UserTime.zoneName())
                    : t("silence.preview.until", muted.size(), rules, until, UserTime.zoneName()));
        } catch (IllegalArgumentException e) {
            matchers.setErrorMessage(e.getMessage());
            matchers.setInvalid(true);
            preview.setText("");
        }
    }

    private void create(Runnable created) {
        try {
            Duration length = Texts.parseDuration(duration.getValue());
            Silence silence = actions.silence(Texts.parseMatchers(matchers.getValue()), Instant.now().plus(length),
                    comment.getValue());
            close();
            Notification.show(t("silence.done", UserTime.format(silence.endsAt()), Texts.matchers(silence.matchers())));
            created.run();
        } catch (RuntimeException e) {
            problem.setText(Texts.problem(e));
            problem.setVisible(true);
        }
    }
}
