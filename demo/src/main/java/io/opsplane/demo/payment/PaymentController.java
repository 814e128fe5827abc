package io.opsplane.demo.payment;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /payments/{orderId}}: the order's payment and its status. */
@RestController
record PaymentController(Payments payments) {

    @GetMapping("/payments/{orderId}")
    Payments.Payment get(@PathVariable String orderId) {
        return payments.find(orderId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No payment for order " + orderId));
    }
}
