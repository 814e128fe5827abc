package io.opsplane.demo.order;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import io.opsplane.demo.outbox.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Orders and their status, moved by the other services' events (choreography): placed (PENDING),
 * stock reserved, confirmed once paid; cancelled when stock cannot be reserved or is released
 * after a failed payment.
 */
@Service
public class Orders {

    private static final Logger log = LoggerFactory.getLogger(Orders.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Events events;
    private final Topics topics;

    private final boolean debeziumOutbox;

    /** {@code demo.order.announce}: cloudevents or debezium-outbox. */
    enum Announce { CLOUDEVENTS, DEBEZIUM_OUTBOX }

    Orders(JdbcTemplate jdbc, TransactionTemplate transaction, Events events, Topics topics,
           @Value("${demo.order.announce:cloudevents}") Announce announce) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.topics = topics;
        this.debeziumOutbox = announce == Announce.DEBEZIUM_OUTBOX;
    }

    /**
     * An order event in this service's format: a structured CloudEvent from the order service, a Debezium outbox
     * record (under its legacy name) from the legacy shop.
     */
    private long announce(String topic, String type, String orderId, ObjectNode data) {
        return debeziumOutbox ? events.debeziumOutbox(topic, type, orderId, data)
                : events.structured(topic, type, orderId, data);
    }

    /** What {@code POST /orders} takes. */
    public record NewOrder(String memberId, String product, Integer quantity, BigDecimal amount) {
    }

    /** Stores the order and its OrderCreated event in one transaction. */
    public Order place(NewOrder request) {
        String orderId = "o-" + UUID.randomUUID().toString().substring(0, 13);
        return transaction.execute(status -> {
            jdbc.update("""
                    INSERT INTO customer_order (order_id, member_id, product, quantity, amount, status)
                    VALUES (?, ?, ?, ?, ?, 'PENDING')""", orderId, request.memberId(), request.product(),
                    request.quantity(), request.amount());
            ObjectNode data = events.data();
            data.put("orderId", orderId);
            data.put("memberId", request.memberId());
            data.put("product", request.product());
            data.put("quantity", request.quantity());
            data.put("amount", request.amount());
            announce(topics.orders(), EventTypes.ORDER_CREATED, orderId, data);
            log.info("Order {} placed: {} x {} for {} by {}", orderId, request.quantity(), request.product(),
                    request.amount(), request.memberId());
            return find(orderId).orElseThrow();
        });
    }

    public Optional<Order> find(String orderId) {
        return jdbc.query("SELECT * FROM customer_order WHERE order_id = ?", Orders::order, orderId).stream().findFirst();
    }

    /** An event from the inventory or payment service; runs in the inbox's transaction. */
    void on(IncomingMessage event) {
        switch (event.type()) {
            case EventTypes.STOCK_RESERVED -> move(event.required("orderId"), Order.Status.PENDING,
                    Order.Status.STOCK_RESERVED);
            case EventTypes.STOCK_RESERVATION_FAILED -> cancelIfOpen(event.required("orderId"),
                    "stock not reserved: " + event.text("reason"));
            case EventTypes.STOCK_RELEASED -> cancelIfOpen(event.required("orderId"), "stock released");
            case EventTypes.PAYMENT_COMPLETED -> confirm(event.required("orderId"), event.text("paymentId"));
            case EventTypes.PAYMENT_FAILED -> {
                // the inventory releases the stock on the same event; the order is cancelled when it has
                String orderId = event.required("orderId");
                move(orderId, Order.Status.PENDING, Order.Status.PAYMENT_FAILED);
                move(orderId, Order.Status.STOCK_RESERVED, Order.Status.PAYMENT_FAILED);
            }
            default -> log.debug("Not for the order service: {} {}", event.type(), event.id());
        }
    }

    private void confirm(String orderId, String paymentId) {
        Order order = forUpdate(orderId);
        if (order == null) {
            // taken by the other order system (the legacy shop or the order service): theirs to confirm
            log.debug("Payment {} for order {}, not one of ours", paymentId, orderId);
            return;
        }
        if (!order.status().open()) {
            // the payment service refunds a payment for an order cancelled meanwhile on OrderCancelled
            log.warn("Payment {} for order {} in state {}: not confirming", paymentId, orderId,
                    order.status());
            return;
        }
        setStatus(orderId, Order.Status.CONFIRMED, null);
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        data.put("memberId", order.memberId());
        data.put("paymentId", paymentId);
        announce(topics.orders(), EventTypes.ORDER_CONFIRMED, orderId, data);
        log.info("Order {} confirmed (payment {})", orderId, paymentId);
    }

    private void cancelIfOpen(String orderId, String reason) {
        Order order = forUpdate(orderId);
        if (order != null && order.status().open()) {
            cancel(orderId, reason, topics.orders());
        }
    }

    /**
     * Cancels an open order and announces it on {@code topic}; answers the outbox row of the
     * answer: OrderCancelled, or a cancel-rejected event when the order is confirmed or unknown.
     */
    long cancel(String orderId, String reason, String topic) {
        Order order = forUpdate(orderId);
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        if (order == null || !(order.status().open() || order.status() == Order.Status.CANCELLED)) {
            String why = order == null ? "no such order" : "the order is " + order.status() + "; refund it instead";
            data.put("reason", why);
            log.warn("Order {} not cancelled: {}", orderId, why);
            return announce(topic, EventTypes.ORDER_CANCEL_REJECTED, orderId, data);
        }
        if (order.status() != Order.Status.CANCELLED) {
            setStatus(orderId, Order.Status.CANCELLED, reason);
            log.info("Order {} cancelled: {}", orderId, reason);
        }
        data.put("memberId", order.memberId());
        data.put("reason", order.status() == Order.Status.CANCELLED ? order.reason() : reason);
        return announce(topic, EventTypes.ORDER_CANCELLED, orderId, data);
    }

    /** Locks the order's row for the rest of the transaction; null when unknown. */
    Order forUpdate(String orderId) {
        return jdbc.query("SELECT * FROM customer_order WHERE order_id = ? FOR UPDATE", Orders::order, orderId).stream()
                .findFirst().orElse(null);
    }

    void setStatus(String orderId, Order.Status status, String reason) {
        jdbc.update("UPDATE customer_order SET status = ?, reason = ?, updated_at = now() WHERE order_id = ?",
                status.name(), reason, orderId);
    }

    private void move(String orderId, Order.Status from, Order.Status to) {
        jdbc.update("UPDATE customer_order SET status = ?, updated_at = now() WHERE order_id = ? AND status = ?",
                to.name(), orderId, from.name());
    }

    private static Order order(ResultSet rs, int row) throws SQLException {
        return new Order(rs.getString("order_id"), rs.getString("member_id"), rs.getString("product"),
                rs.getInt("quantity"), rs.getBigDecimal("amount"), Order.Status.valueOf(rs.getString("status")),
                rs.getString("reason"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
