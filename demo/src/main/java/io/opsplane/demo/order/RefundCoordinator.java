package io.opsplane.demo.order;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import io.opsplane.demo.outbox.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The order-refund saga, orchestrated: the order service sends {@code RefundPayment}, then
 * {@code RestockItems}, each with {@code replyto} = the refund replies topic, and moves on with
 * each reply. If the items cannot be restocked it compensates the refund with
 * {@code ReverseRefund} and rejects the refund. Each command's idempotency key is the refund id
 * and the step, so a redelivered reply cannot make a step run twice.
 */
@Service
record RefundCoordinator(
        JdbcTemplate jdbc,
        TransactionTemplate transaction,
        Orders orders,
        Events events,
        Topics topics) {

    private static final Logger log = LoggerFactory.getLogger(RefundCoordinator.class);

    /** A refund as {@code GET /refunds/{id}} shows it. */
    public record Refund(String refundId, String orderId, Status status, String reason, Instant updatedAt) {
    }

    public enum Status {
        REFUNDING_PAYMENT, RESTOCKING, REVERSING_REFUND, COMPLETED, REJECTED
    }

    /** Starts refunding a confirmed order: RefundRequested and the RefundPayment command, in one transaction. */
    public Refund start(String orderId) {
        return transaction.execute(tx -> {
            Order order = orders.forUpdate(orderId);
            if (order == null) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId);
            }
            if (order.status() != Order.Status.CONFIRMED) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "Order " + orderId + " is " + order.status()
                        + "; only a confirmed order can be refunded");
            }
            String refundId = "r-" + UUID.randomUUID().toString().substring(0, 13);
            jdbc.update("INSERT INTO refund (refund_id, order_id, status) VALUES (?, ?, ?)", refundId, orderId,
                    Status.REFUNDING_PAYMENT.name());
            orders.setStatus(orderId, Order.Status.REFUNDING, null);
            ObjectNode requested = refundData(refundId, orderId);
            requested.put("memberId", order.memberId());
            requested.put("amount", order.amount());
            events.structured(topics.orders(), EventTypes.REFUND_REQUESTED, refundId, requested);
            command(topics.commands("payment"), EventTypes.REFUND_PAYMENT, refundId, orderId, "refund-payment");
            log.info("Refund {} of order {} started: RefundPayment sent", refundId, orderId);
            return find(refundId).orElseThrow();
        });
    }

    public Optional<Refund> find(String refundId) {
        return jdbc.query("SELECT refund_id, order_id, status, reason, updated_at FROM refund WHERE refund_id = ?",
                (rs, n) -> new Refund(rs.getString(1), rs.getString(2), Status.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getTimestamp(5).toInstant()), refundId).stream().findFirst();
    }

    /** A reply from the payment or inventory service; runs in the inbox's transaction. */
    void onReply(IncomingMessage reply) {
        String refundId = reply.required("refundId");
        Refund refund = jdbc.query("SELECT refund_id, order_id, status, reason, updated_at FROM refund WHERE refund_id = ? FOR UPDATE",
                (rs, n) -> new Refund(rs.getString(1), rs.getString(2), Status.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getTimestamp(5).toInstant()), refundId).stream().findFirst().orElse(null);
        if (refund == null) {
            log.warn("{} for unknown refund {}", reply.type(), refundId);
            return;
        }
        String orderId = refund.orderId();
        switch (reply.type()) {
            case EventTypes.PAYMENT_REFUNDED -> {
                if (move(refund, Status.REFUNDING_PAYMENT, Status.RESTOCKING, null)) {
                    command(topics.commands("inventory"), EventTypes.RESTOCK_ITEMS, refundId, orderId, "restock-items");
                    log.info("Refund {}: payment refunded, RestockItems sent", refundId);
                }
            }
            case EventTypes.REFUND_FAILED -> {
                if (move(refund, Status.REFUNDING_PAYMENT, Status.REJECTED, reply.text("reason"))) {
                    reject(refund, "payment not refunded: " + reply.text("reason"));
                }
            }
            case EventTypes.ITEMS_RESTOCKED -> {
                if (move(refund, Status.RESTOCKING, Status.COMPLETED, null)) {
                    orders.setStatus(orderId, Order.Status.REFUNDED, null);
                    events.structured(topics.orders(), EventTypes.REFUND_COMPLETED, refundId,
                            refundData(refundId, orderId));
                    log.info("Refund {} of order {} completed", refundId, orderId);
                }
            }
            case EventTypes.RESTOCK_FAILED -> {
                if (move(refund, Status.RESTOCKING, Status.REVERSING_REFUND, "items not restocked: " + reply.text("reason"))) {
                    command(topics.commands("payment"), EventTypes.REVERSE_REFUND, refundId, orderId, "reverse-refund");
                    log.warn("Refund {}: items not restocked ({}), compensating with ReverseRefund", refundId,
                            reply.text("reason"));
                }
            }
            case EventTypes.REFUND_REVERSED -> {
                if (move(refund, Status.REVERSING_REFUND, Status.REJECTED, refund.reason())) {
                    reject(refund, refund.reason());
                }
            }
            default -> log.debug("Not a refund reply: {} {}", reply.type(), reply.id());
        }
    }

    private void reject(Refund refund, String reason) {
        orders.setStatus(refund.orderId(), Order.Status.CONFIRMED, null);
        ObjectNode data = refundData(refund.refundId(), refund.orderId());
        data.put("reason", reason);
        events.structured(topics.orders(), EventTypes.REFUND_REJECTED, refund.refundId(), data);
        log.warn("Refund {} of order {} rejected: {}", refund.refundId(), refund.orderId(), reason);
    }

    private boolean move(Refund refund, Status from, Status to, String reason) {
        if (refund.status() != from) {
            log.warn("Refund {} is {}, not {}: reply ignored", refund.refundId(), refund.status(), from);
            return false;
        }
        jdbc.update("UPDATE refund SET status = ?, reason = ?, updated_at = now() WHERE refund_id = ?", to.name(),
                reason, refund.refundId());
        return true;
    }

    private void command(String topic, String type, String refundId, String orderId, String step) {
        events.command(topic, type, orderId, refundId + "/" + step, topics.refundReplies(),
                refundData(refundId, orderId));
    }

    private ObjectNode refundData(String refundId, String orderId) {
        ObjectNode data = events.data();
        data.put("refundId", refundId);
        data.put("orderId", orderId);
        return data;
    }
}
