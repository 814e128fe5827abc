package io.opsplane.alerting.delivery;

import java.time.Clock;
import java.time.Instant;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.notify.NotificationRenderer;
import io.opsplane.alerting.notify.Receivers;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Test notifications: sent through the outbox like any alert, so a test proves the whole path
 * (rendering, signing, the allowed-hosts guard, the worker, the receiver) and lands in the delivery log.
 */
@Component
public class TestNotifications {

    private final Receivers receivers;
    private final DeliveryLog log;
    private final Outbox outbox;
    private final NotificationRenderer renderer;
    private final TransactionTemplate transaction;
    private final Clock clock;

    TestNotifications(Receivers receivers, DeliveryLog log, Outbox outbox, NotificationRenderer renderer,
                      TransactionTemplate transaction, Clock clock) {
        this.receivers = receivers;
        this.log = log;
        this.outbox = outbox;
        this.renderer = renderer;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Queues a test notification for the receiver; answers its delivery as logged now (pending). */
    public Delivery queue(String receiverName) {
        Receiver receiver = receivers.named(receiverName);
        Instant now = clock.instant();
        // an order key of its own: a test never waits behind (or holds up) a group's notifications
        Outbox.Enqueued enqueued = transaction.execute(tx -> outbox.enqueue(receiverName, "test:" + now.toEpochMilli()
                + ":" + System.nanoTime(), Outbox.Kind.TEST, renderer.renderTest(receiver, now)));
        return log.find(enqueued.id()).orElseThrow();
    }

    /**
     * Queues a test notification and waits until its first attempt was made, or until the receiver's
     * timeout (and a little) has passed; answers the delivery as it stands then.
     */
    public Delivery send(String receiverName) throws InterruptedException {
        Receiver receiver = receivers.named(receiverName);
        Delivery delivery = queue(receiverName);
        Instant until = clock.instant().plus(receiver.timeout()).plusSeconds(2);
        while (delivery.attempts() == 0 && clock.instant().isBefore(until)) {
            Thread.sleep(50);
            delivery = log.find(delivery.id()).orElseThrow();
        }
        return delivery;
    }
}
