package io.opsplane.console.alerting;

import io.opsplane.alerting.delivery.AlertingEvents;
import io.opsplane.console.compensation.audit.AuditEntry;
import io.opsplane.console.compensation.audit.OperatorActionRecorded;
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
        if (entry.sagaId() != null) {
            target = "saga " + entry.sagaType() + " #" + entry.sagaId();
            link = consoleUrl + "/sagas/" + entry.sagaId();
        } else if (entry.bulkJobId() != null) {
            target = "bulk job #" + entry.bulkJobId();
            // the job itself, where an approver approves it
            link = consoleUrl + "/bulk?job=" + entry.bulkJobId();
        } else if (entry.policyId() != null) {
            target = "policy #" + entry.policyId();
            link = consoleUrl + "/policies";
        } else {
            target = "compensation settings";
            link = consoleUrl + "/audit";
        }
        String detail = entry.reason() == null ? entry.outcome()
                : entry.outcome() == null ? entry.reason() : entry.reason() + " (" + entry.outcome() + ")";
        alerting.operatorAction(new AlertingEvents.OperatorAction(entry.action(), entry.actor(), target, detail, link));
    }
}
