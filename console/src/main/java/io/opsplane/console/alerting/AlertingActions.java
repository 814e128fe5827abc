package io.opsplane.console.alerting;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.delivery.Delivery;
import io.opsplane.alerting.delivery.TestNotifications;
import io.opsplane.alerting.notify.ReceiverLanguages;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.rule.RuleCatalog;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.alerting.silence.Silence;
import io.opsplane.alerting.silence.SilenceStore;
import io.opsplane.console.security.CurrentUser;
import io.opsplane.console.security.Role;
import org.springframework.stereotype.Component;

/**
 * What the console's alerting pages change, each checked against the signed-in user's role on the
 * server (the pages hide what a role may not do, but a hidden button is no protection) and recorded
 * in that user's name: OPERATOR acknowledges, silences and tests receivers; ADMIN changes rules.
 */
@Component
public class AlertingActions {

    private final AlertStore alerts;
    private final SilenceStore silences;
    private final TestNotifications tests;
    private final RuleCatalog rules;
    private final ReceiverLanguages languages;

    AlertingActions(AlertStore alerts, SilenceStore silences, TestNotifications tests, RuleCatalog rules,
                    ReceiverLanguages languages) {
        this.alerts = alerts;
        this.silences = silences;
        this.tests = tests;
        this.rules = rules;
        this.languages = languages;
    }

    /** Whether the signed-in user may acknowledge, silence and send tests. */
    public boolean mayAct() {
        return CurrentUser.has(Role.OPERATOR);
    }

    /** Whether the signed-in user may change alert rules. */
    public boolean mayConfigure() {
        return CurrentUser.has(Role.ADMIN);
    }

    public AlertView acknowledge(long alertId, String comment) {
        CurrentUser.require(Role.OPERATOR, "Acknowledging an alert");
        return alerts.acknowledge(alertId, CurrentUser.name(), blankToNull(comment));
    }

    public Silence silence(List<Matcher> matchers, Instant endsAt, String comment) {
        CurrentUser.require(Role.OPERATOR, "Silencing alerts");
        return silences.create(new SilenceStore.SilenceInput(matchers, null, endsAt, comment), CurrentUser.name());
    }

    public Silence expire(UUID silenceId) {
        CurrentUser.require(Role.OPERATOR, "Expiring a silence");
        return silences.expire(silenceId);
    }

    /** Queues a test notification; answers its delivery, pending until a worker has sent it. */
    public Delivery sendTest(String receiver) {
        CurrentUser.require(Role.OPERATOR, "Sending a test notification");
        return tests.queue(receiver);
    }

    /** Sets the language of what people read in the receiver's notifications ("en" or "ko"). */
    public void setReceiverLanguage(String receiver, String language) {
        CurrentUser.require(Role.ADMIN, "Changing a receiver");
        languages.set(receiver, language, CurrentUser.name());
    }

    public AlertRule createRule(String body) {
        CurrentUser.require(Role.ADMIN, "Creating an alert rule");
        return rules.create(body);
    }

    public AlertRule updateRule(String name, String body) {
        CurrentUser.require(Role.ADMIN, "Changing an alert rule");
        return rules.update(name, body);
    }

    public void deleteRule(String name) {
        CurrentUser.require(Role.ADMIN, "Deleting an alert rule");
        rules.delete(name);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
