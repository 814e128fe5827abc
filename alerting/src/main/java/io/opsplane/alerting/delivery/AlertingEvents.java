package io.opsplane.alerting.delivery;

import java.util.List;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.notify.OperatorActionWording;
import io.opsplane.alerting.notify.Receivers;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Events other features report to the people on call. An operator action (for example a
 * compensation started by hand) is queued for every receiver in
 * {@code opsplane.alerting.operator-action-receivers}, in the caller's transaction when there is one,
 * so the notice is kept exactly when the action is.
 */
@Component
public class AlertingEvents {

    /**
     * @param action what was done, e.g. "started compensation"
     * @param actor  who did it
     * @param target what it was done to, e.g. "saga order-placement/o-1001"
     * @param detail optional note
     * @param link   optional console URL of the target
     * @param wording optional: the action and target in each receiver's language (null: as given)
     */
    public record OperatorAction(String action, String actor, String target, String detail, String link,
                                 OperatorActionWording wording) {

        public OperatorAction(String action, String actor, String target, String detail, String link) {
            this(action, actor, target, detail, link, null);
        }
    }

    private final Receivers receivers;
    private final Outbox outbox;

    AlertingEvents(Receivers receivers, Outbox outbox) {
        this.receivers = receivers;
        this.outbox = outbox;
    }

    /** Queues the action for its receivers; answers how many notifications were queued. */
    @Transactional
    public int operatorAction(OperatorAction action) {
        if (action.action() == null || action.actor() == null || action.target() == null) {
            throw new IllegalArgumentException("an operator action needs action, actor and target");
        }
        List<Receiver> told = receivers.operatorActionReceivers().stream()
                .map(name -> receivers.find(name).orElseThrow()).toList();
        outbox.operatorAction(told, action);
        return told.size();
    }
}
