package io.opsplane.alerting.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.opsplane.alerting.AlertingProblems;
import io.opsplane.alerting.AlertingProperties.Receiver;
import io.opsplane.alerting.notify.NotificationRenderer;
import io.opsplane.alerting.notify.Receivers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/receivers/{name}")
@Tag(name = "Receivers")
class DeliveryController {

    private final Receivers receivers;
    private final DeliveryLog log;
    private final Outbox outbox;
    private final NotificationRenderer renderer;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DeliveryController(Receivers receivers, DeliveryLog log, Outbox outbox, NotificationRenderer renderer,
                       TransactionTemplate transaction, Clock clock) {
        this.receivers = receivers;
        this.log = log;
        this.outbox = outbox;
        this.renderer = renderer;
        this.transaction = transaction;
        this.clock = clock;
    }

    @GetMapping("/deliveries")
    @Operation(summary = "The receiver's delivery log, newest first: each notification with its attempts, "
            + "status codes and errors; status = pending, delivered or failed")
    List<DeliveryLog.Delivery> deliveries(@PathVariable String name, @RequestParam(required = false) String status,
                                          @RequestParam(defaultValue = "50") int limit) {
        receiver(name);
        return log.forReceiver(name, status, limit);
    }

    @PostMapping("/test")
    @Operation(summary = "Send a test notification through the outbox; answers once it was delivered (200) or, "
            + "if it is still being tried after the receiver's timeout, with its state so far (202)")
    ResponseEntity<DeliveryLog.Delivery> test(@PathVariable String name) throws InterruptedException {
        Receiver receiver = receiver(name);
        Instant now = clock.instant();
        Outbox.Enqueued enqueued = transaction.execute(tx -> outbox.enqueue(name, "test:" + now.toEpochMilli() + ":"
                + System.nanoTime(), Outbox.Kind.TEST, renderer.renderTest(receiver, now)));
        Instant until = now.plus(receiver.timeout()).plusSeconds(2);
        DeliveryLog.Delivery delivery = log.find(enqueued.id()).orElseThrow();
        while (delivery.attempts() == 0 && clock.instant().isBefore(until)) {
            Thread.sleep(50);
            delivery = log.find(enqueued.id()).orElseThrow();
        }
        return ResponseEntity.status(delivery.status().equals("delivered") ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(delivery);
    }

    private Receiver receiver(String name) {
        return receivers.find(name).orElseThrow(() -> new AlertingProblems.NotFound("no receiver named '" + name
                + "' (configured: " + receivers.all().stream().map(Receiver::name).toList() + ")"));
    }
}
