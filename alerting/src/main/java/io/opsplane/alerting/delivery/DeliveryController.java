package io.opsplane.alerting.delivery;

import java.util.List;

import io.opsplane.alerting.notify.Receivers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/receivers/{name}")
@Tag(name = "Receivers")
record DeliveryController(Receivers receivers, DeliveryLog log, TestNotifications tests) {

    @GetMapping("/deliveries")
    @Operation(summary = "The receiver's delivery log, newest first: each notification with its attempts, "
            + "status codes and errors; status = pending, delivered or failed")
    List<Delivery> deliveries(@PathVariable String name, @RequestParam(required = false) String status,
                                          @RequestParam(defaultValue = "50") int limit) {
        receivers.named(name);
        return log.forReceiver(name, status, limit);
    }

    @PostMapping("/test")
    @Operation(summary = "Send a test notification through the outbox; answers once it was delivered (200) or, "
            + "if it is still being tried after the receiver's timeout, with its state so far (202)")
    ResponseEntity<Delivery> test(@PathVariable String name) throws InterruptedException {
        Delivery delivery = tests.send(name);
        return ResponseEntity.status(delivery.status().equals("delivered") ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(delivery);
    }
}
