package io.opsplane.alerting.dispatch;

import java.time.Duration;

import io.opsplane.alerting.AlertingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks for due alert groups on every console instance; SKIP LOCKED hands each group to one of them,
 * and the group's notification is queued in the same transaction that records it was sent.
 */
@Component
class DispatchLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

    private final GroupStore groups;
    private final TransactionTemplate transaction;
    private final Duration pollInterval;
    private volatile boolean running;
    private Thread thread;

    DispatchLoop(GroupStore groups, TransactionTemplate transaction, AlertingProperties properties) {
        this.groups = groups;
        this.transaction = transaction;
        this.pollInterval = properties.dispatchPollInterval();
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("alert-dispatch").start(this::loop);
    }

    private void loop() {
        while (running) {
            boolean flushed;
            try {
                flushed = Boolean.TRUE.equals(transaction.execute(tx -> groups.flushNext()));
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Alert dispatch: {}", e.toString());
                flushed = false;
            }
            if (!flushed) {
                try {
                    Thread.sleep(pollInterval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
