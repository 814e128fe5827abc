package io.opsplane.alerting.delivery;

import java.time.Clock;
import java.time.Instant;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.notify.Receivers;
import org.springframework.stereotype.Component;

/**
 * Test notifications: sent through the outbox like any alert, so a test proves the whole path
 * (rendering, signing, the allowed-hosts guard, the worker, the receiver) and lands in the delivery log.
 */
@Component
public class TestNotifications {

    private final Receivers receivers;
    private final DeliveryLog log;
    private final Outbox outbox;
    private final Clock clock;

    TestNotifications(Receivers receivers, DeliveryLog log, Outbox outbox, Clock clock) {
        this.receivers = receivers;
        this.log = log;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Queues a test notification for the receiver; answers its delivery as logged now (pending). */
    public Delivery queue(String receiverName) {
        return log.find(outbox.test(receivers.named(receiverName)).id()).orElseThrow();
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
