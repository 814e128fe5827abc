package io.opsplane.alerting.dispatch;

import java.time.Duration;

import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.support.PollingWorker;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks for due alert groups on every console instance; SKIP LOCKED hands each group to one of them,
 * and the group's notification is queued in the same transaction that records it was sent.
 */
@Component
class DispatchLoop extends PollingWorker {

    private final GroupStore groups;
    private final TransactionTemplate transaction;
    private final Duration pollInterval;

    DispatchLoop(GroupStore groups, TransactionTemplate transaction, AlertingProperties properties) {
        super("alert-dispatch", 1, true);
        this.groups = groups;
        this.transaction = transaction;
        this.pollInterval = properties.dispatchPollInterval();
    }

    @Override
    protected Duration interval() {
        return pollInterval;
    }

    @Override
    protected boolean pass() {
        return Boolean.TRUE.equals(transaction.execute(tx -> groups.flushNext()));
    }
}
