package io.opsplane.alerting.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.notify.Notification;
import io.opsplane.alerting.notify.NotificationRenderer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery outbox. A notification is rendered for its receiver (its format and language) and enqueued in the
 * caller's transaction, the one that records the state change it reports, so either both are kept or neither;
 * workers then send it. Deliveries of one order key are sent strictly in the order they were queued: a later one
 * waits until the earlier one is delivered or given up.
 */
@Component
public class Outbox {

    private enum Kind {
        ALERT("alert"), TEST("test"), OPERATOR_ACTION("operator-action");

        final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    public record Enqueued(long id, String webhookId) {
    }

    private final JdbcTemplate jdbc;
    private final NotificationRenderer renderer;
    private final Clock clock;

    Outbox(JdbcTemplate jdbc, NotificationRenderer renderer, Clock clock) {
        this.jdbc = jdbc;
        this.renderer = renderer;
        this.clock = clock;
    }

    /** An alert group's notification, in the group's order. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Enqueued alert(Receiver receiver, Notification notification) {
        return enqueue(receiver, notification.groupKey(), Kind.ALERT, renderer.render(receiver, notification));
    }

    /**
     * A test notification, in a transaction of its own (it reports no change) and with an order key of its own:
     * a test never waits behind (or holds up) a group's notifications.
     */
    @Transactional
    public Enqueued test(Receiver receiver) {
        Instant now = clock.instant();
        return enqueue(receiver, "test:" + now.toEpochMilli() + ":" + System.nanoTime(), Kind.TEST,
                renderer.renderTest(receiver, now));
    }

    /** The action for each of the receivers, stamped with one time; each receiver hears of actions in their order. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void operatorAction(List<Receiver> receivers, AlertingEvents.OperatorAction action) {
        Instant now = clock.instant();
        for (Receiver receiver : receivers) {
            enqueue(receiver, "operator-actions", Kind.OPERATOR_ACTION, renderer.renderOperatorAction(receiver,
                    action.action(), action.actor(), action.target(), action.detail(), action.link(), now,
                    action.wording()));
        }
    }

    private Enqueued enqueue(Receiver receiver, String orderKey, Kind kind, String body) {
        String webhookId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        Timestamp now = Timestamp.from(clock.instant());
        Long id = jdbc.queryForObject("""
                INSERT INTO alert_delivery (receiver, group_key, kind, webhook_id, body, status, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id""", Long.class,
                receiver.name(), orderKey, kind.column, webhookId, body, now, now);
        return new Enqueued(id, webhookId);
    }
}
