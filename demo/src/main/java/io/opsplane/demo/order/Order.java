package io.opsplane.demo.order;

import java.math.BigDecimal;
import java.time.Instant;

/** An order as {@code GET /orders/{id}} shows it. */
public record Order(String orderId, String memberId, String product, int quantity, BigDecimal amount, Status status,
                    String reason, Instant createdAt, Instant updatedAt) {

    public enum Status {
        PENDING, STOCK_RESERVED, PAYMENT_FAILED, CONFIRMED, CANCELLED, REFUNDING, REFUNDED;

        boolean open() {
            return this == PENDING || this == STOCK_RESERVED || this == PAYMENT_FAILED;
        }
    }
}
