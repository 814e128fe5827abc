package io.opsplane.console.alerting;

import java.util.Locale;

import io.opsplane.alerting.delivery.AlertingEvents;
import io.opsplane.alerting.notify.OperatorActionWording;
import io.opsplane.console.compensation.audit.AuditEntry;
import io.opsplane.console.compensation.audit.OperatorActionRecorded;
import io.opsplane.console.text.Texts;
import io.opsplane.alerting.notify.NotificationRenderer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Every audited operator action goes to the receivers configured for operator actions. */
@Component
class OperatorActionNotices {


    private final AlertingEvents alerting;
    private final String consoleUrl;

    /** The console's address as alerting links it (opsplane.external-url, read once, by the alerting library). */
    OperatorActionNotices(AlertingEvents alerting, NotificationRenderer renderer) {
        this.alerting = alerting;
        this.consoleUrl = renderer.externalUrl();
    }

    @EventListener
    void recorded(OperatorActionRecorded recorded) {
        AuditEntry entry = recorded.entry();
        String target;
        String link;
        // the target for machines (the webhook body's "target", as before) and, worded per receiver, for people
        String targetKey;
        Object[] targetArgs;
        if (entry.sagaId() != null) {
            target = "saga " + entry.sagaType() + " #" + entry.sagaId();
            link = consoleUrl + "/sagas/" + entry.sagaId();
            targetKey = "notice.target.saga";
            targetArgs = new Object[] {entry.sagaType(), String.valueOf(entry.sagaId())};
        } else if (entry.bulkJobId() != null) {
            target = "bulk job #" + entry.bulkJobId();
            // the job itself, where an approver approves it
            link = consoleUrl + "/bulk?job=" + entry.bulkJobId();
            targetKey = "notice.target.bulk";
            targetArgs = new Object[] {String.valueOf(entry.bulkJobId())};
        } else if (entry.policyId() != null) {
            target = "policy #" + entry.policyId();
            link = consoleUrl + "/policies";
            targetKey = "notice.target.policy";
            targetArgs = new Object[] {String.valueOf(entry.policyId())};
        } else {
            target = "compensation settings";
            link = consoleUrl + "/audit";
            targetKey = "notice.target.settings";
            targetArgs = new Object[0];
        }
        String detail = entry.reason() == null ? entry.outcome()
                : entry.outcome() == null ? entry.reason() : entry.reason() + " (" + entry.outcome() + ")";
        OperatorActionWording wording = new OperatorActionWording() {
            @Override
            public String action(Locale language) {
                return words(language, "notice.action." + entry.action(), entry.action());
            }

            @Override
            public String target(Locale language) {
                return words(language, targetKey, target, targetArgs);
            }
        };
        alerting.operatorAction(new AlertingEvents.OperatorAction(entry.action(), entry.actor(), target, detail, link,
                wording));
    }

    /** The console's text of {@code key} in {@code language} (messages*.properties), or {@code otherwise}. */
    static String words(Locale language, String key, String otherwise, Object... args) {
        return Texts.has(key) ? Texts.format(language, key, args) : otherwise;
    }
}
