package io.opsplane.demo.order;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /orders}, {@code GET /orders/{id}}, {@code POST /orders/{id}/refund}, {@code GET /refunds/{id}}. */
@RestController
class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    private final Orders orders;
    private final RefundCoordinator refunds;
    /** The {@code order-errors} fault. */
    private volatile boolean failHalf;

    OrderController(Orders orders, RefundCoordinator refunds) {
        this.orders = orders;
        this.refunds = refunds;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Order place(@RequestBody Orders.NewOrder request) {
        if (request.memberId() == null || request.memberId().isBlank() || request.product() == null
                || request.product().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "memberId and product are required");
        }
        if (request.quantity() == null || request.quantity() < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "quantity must be 1 or more");
        }
        if (request.amount() == null || request.amount().compareTo(BigDecimal.ZERO) <= 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "amount must be positive");
        }
        if (failHalf && ThreadLocalRandom.current().nextBoolean()) {
            log.error("Order for {} not taken: the order-errors fault is on", request.memberId());
            throw new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR, "order not taken (order-errors fault)");
        }
        return orders.place(request);
    }

    void failHalf(boolean on) {
        failHalf = on;
    }

    @GetMapping("/orders/{orderId}")
    Order get(@PathVariable String orderId) {
        return orders.find(orderId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId));
    }

    @PostMapping("/orders/{orderId}/refund")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RefundCoordinator.Refund refund(@PathVariable String orderId) {
        return refunds.start(orderId);
    }

    @GetMapping("/refunds/{refundId}")
    RefundCoordinator.Refund refundStatus(@PathVariable String refundId) {
        return refunds.find(refundId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No refund " + refundId));
    }
}
