package io.opsplane.console.alerting;

import io.opsplane.alerting.AlertingEvents;
import io.opsplane.console.compensation.audit.AuditEntry;
import io.opsplane.console.compensation.audit.OperatorActionRecorded;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Every audited operator action goes to the receivers configured for operator actions. */
@Component
class OperatorActionNotices {

    private final AlertingEvents alerting;
    private final String consoleUrl;

    OperatorActionNotices(AlertingEvents alerting, @Value("${opsplane.external-url:http://localhost:8080}") String consoleUrl) {
        this.alerting = alerting;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl.substring(0, consoleUrl.length() - 1) : consoleUrl;
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
            link = consoleUrl + "/bulk";
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
