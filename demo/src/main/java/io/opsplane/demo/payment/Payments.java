package io.opsplane.demo.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import io.opentelemetry.context.Scope;
import io.opsplane.demo.command.CommandNotApplicableException;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import io.opsplane.demo.messaging.UnreadableMessageException;
import io.opsplane.demo.outbox.Events;
import io.opsplane.demo.outbox.Outbox;
import io.opsplane.demo.outbox.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * One payment per order: charged when the stock is reserved (declined above
 * {@code demo.payment.limit}), voided or refunded when the order is cancelled, refunded and
 * reversed on command, its outcome published again on RepublishPayment. While the payment-timeout
 * fault is on, charges are held without an answer; turning it off answers them, each within the trace of its order. While the payment-slow fault is on, each
 * charge is answered {@code demo.payment.slow-answer} (25 s) late, inside charge-payment's timeout.
 */
@Service
class Payments {

    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Events events;
    private final Outbox outbox;
    private final Topics topics;
    private final BigDecimal limit;
    private final Duration slowAnswer;
    private final ScheduledExecutorService lateAnswers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("late-charge-answers").factory());
    private volatile boolean holding;
    private volatile boolean slow;

    Payments(JdbcTemplate jdbc, TransactionTemplate transaction, Events events, Outbox outbox, Topics topics,
             @Value("${demo.payment.limit:1000}") BigDecimal limit,
             @Value("${demo.payment.slow-answer:25s}") Duration slowAnswer) {
        this.slowAnswer = slowAnswer;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.outbox = outbox;
        this.topics = topics;
        this.limit = limit;
    }

    /** An order's payment as {@code GET /payments/{orderId}} shows it. */
    public record Payment(String orderId, String paymentId, String memberId, BigDecimal amount, String status,
                          String traceparent) {
    }

    public Optional<Payment> find(String orderId) {
        return transaction.execute(tx -> Optional.ofNullable(payment(orderId)));
    }

    /** StockReserved: charge the order (or hold the charge while the payment-timeout fault is on). */
    void charge(IncomingMessage stockReserved) {
        String orderId = stockReserved.required("orderId");
        BigDecimal amount;
        try {
            amount = new BigDecimal(stockReserved.required("amount"));
        } catch (NumberFormatException e) {
            throw new UnreadableMessageException("order " + orderId + " has no numeric amount");
        }
        String memberId = stockReserved.text("memberId");
        if (payment(orderId) != null) {
            log.info("Order {} has a payment already: not charging again", orderId);
            return;
        }
        if (holding) {
            holdInThisTrace(orderId, memberId, amount);
            log.warn("Fault payment-timeout: holding the charge of order {} without answering", orderId);
            return;
        }
        if (slow) {
            holdInThisTrace(orderId, memberId, amount);
            log.warn("Fault payment-slow: the card processor answers the charge of order {} in {} s", orderId,
                    slowAnswer.toSeconds());
            lateAnswers.schedule(() -> answerHeld(orderId), slowAnswer.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        jdbc.update("INSERT INTO payment (order_id, payment_id, member_id, amount, status) VALUES (?, ?, ?, ?, 'HELD')",
                orderId, newPaymentId(), memberId, amount);
        decide(payment(orderId));
    }

    /** Holds the charge unanswered, with the trace it came in, so that a later answer continues that trace. */
    private void holdInThisTrace(String orderId, String memberId, BigDecimal amount) {
        jdbc.update("""
                INSERT INTO payment (order_id, payment_id, member_id, amount, status, traceparent)
                VALUES (?, ?, ?, ?, 'HELD', ?)""", orderId, newPaymentId(), memberId, amount,
                Traces.currentTraceparent());
    }

    /** Answers a held charge: completed, or failed above the limit; answers the outbox row of the answer. */
    private long decide(Payment payment) {
        ObjectNode data = events.data();
        data.put("orderId", payment.orderId());
        data.put("memberId", payment.memberId());
        data.put("amount", payment.amount());
        if (payment.amount().compareTo(limit) > 0) {
            String reason = "amount " + payment.amount() + " is over the limit of " + limit;
            setStatus(payment.orderId(), "FAILED", reason);
            data.put("reason", reason);
            log.warn("Order {}: payment failed, {}", payment.orderId(), reason);
            return remember(payment.orderId(),
                    events.plain(topics.payments(), EventTypes.PAYMENT_FAILED, payment.orderId(), data));
        } else {
            setStatus(payment.orderId(), "COMPLETED", null);
            data.put("paymentId", payment.paymentId());
            log.info("Order {}: charged {} (payment {})", payment.orderId(), payment.amount(), payment.paymentId());
            return remember(payment.orderId(),
                    events.plain(topics.payments(), EventTypes.PAYMENT_COMPLETED, payment.orderId(), data));
        }
    }

    /**
     * RepublishPayment: publishes the charge's outcome again on {@code topic}, for a saga whose event was lost. The
     * event that announced it before, identical (same id), when there was one on that topic; else PaymentCompleted
     * (also for a charge refunded since) or PaymentFailed with its reason, written and kept, so a second request
     * publishes that same event again and changes nothing. A held charge is answered now (the card processor's
     * answer) unless the payment-timeout fault still holds charges. With no charge to tell of (none received, held,
     * or voided) nothing is applied: {@link CommandNotApplicableException}.
     */
    long republish(String orderId, String topic) {
        Payment payment = payment(orderId);
        if (payment == null) {
            throw new CommandNotApplicableException("no charge for order " + orderId
                    + ": the payment service has not received its StockReserved");
        }
        switch (payment.status()) {
            case "HELD" -> {
                if (holding) {
                    throw new CommandNotApplicableException("the charge of order " + orderId + " is held (fault"
                            + " payment-timeout): it has no outcome yet; turning the fault off answers it");
                }
                log.info("Order {}: answering the held charge now, as asked", orderId);
                return decide(payment);
            }
            case "VOIDED" -> throw new CommandNotApplicableException("the charge of order " + orderId
                    + " was voided (the order was cancelled before it was charged): it has no outcome to publish");
            default -> {
                // COMPLETED, REFUNDED (charged, then refunded), FAILED
            }
        }
        Long earlier = jdbc.queryForObject("SELECT outcome_outbox_id FROM payment WHERE order_id = ?", Long.class,
                orderId);
        if (earlier != null && topic.equals(outbox.describe(earlier).get("topic"))) {
            log.info("Order {}: publishing its charge's outcome again", orderId);
            return outbox.repeat(earlier);
        }
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        data.put("memberId", payment.memberId());
        data.put("amount", payment.amount());
        if (payment.status().equals("FAILED")) {
            data.put("reason", jdbc.queryForObject("SELECT reason FROM payment WHERE order_id = ?", String.class,
                    orderId));
            return remember(orderId, events.plain(topic, EventTypes.PAYMENT_FAILED, orderId, data));
        }
        data.put("paymentId", payment.paymentId());
        return remember(orderId, events.plain(topic, EventTypes.PAYMENT_COMPLETED, orderId, data));
    }

    /** Keeps the outbox row of the event that announced the charge's outcome; answers it. */
    private long remember(String orderId, long outboxId) {
        jdbc.update("UPDATE payment SET outcome_outbox_id = ? WHERE order_id = ?", outboxId, orderId);
        return outboxId;
    }

    /** The payment-timeout fault: hold new charges, or stop holding and answer those held. */
    void holdCharges(boolean hold) {
        holding = hold;
        if (!hold) {
            Thread.ofVirtual().name("release-held-charges").start(this::answerHeld);
        }
    }

    /** The payment-slow fault: answer each new charge late, or answer at once again. */
    void answerSlowly(boolean on) {
        slow = on;
    }

    private void answerHeld() {
        for (String orderId : jdbc.queryForList(
                "SELECT order_id FROM payment WHERE status = 'HELD' ORDER BY updated_at", String.class)) {
            answerHeld(orderId);
        }
    }

    /** Answers one held charge in its order's trace, unless it was voided or answered meanwhile. */
    private void answerHeld(String orderId) {
        String traceparent = jdbc.queryForObject("SELECT traceparent FROM payment WHERE order_id = ?", String.class,
                orderId);
        try (Scope inOrderTrace = Traces.continuing(traceparent).makeCurrent()) {
            transaction.executeWithoutResult(tx -> {
                Payment payment = payment(orderId);
                if (payment != null && payment.status().equals("HELD")) {
                    log.info("Answering the held charge of order {}", orderId);
                    decide(payment);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Held charge of order {} not answered: {}", orderId, e.getMessage());
        }
    }

    /** OrderCancelled: a held charge is voided, a completed one refunded; a late StockReserved then charges nothing. */
    void orderCancelled(String orderId) {
        Payment payment = payment(orderId);
        if (payment == null) {
            jdbc.update("INSERT INTO payment (order_id, payment_id, amount, status, reason) VALUES (?, ?, 0, 'VOIDED', ?)",
                    orderId, newPaymentId(), "order cancelled before it was charged");
        } else if (payment.status().equals("HELD")) {
            setStatus(orderId, "VOIDED", "order cancelled");
            log.info("Order {} cancelled: held charge voided", orderId);
        } else if (payment.status().equals("COMPLETED")) {
            refund(orderId, null, topics.payments());
        }
    }

    /**
     * RefundPayment: a completed payment is refunded (answered again if it was already), a held
     * one voided (refunded amount 0); with nothing charged the answer is RefundFailed.
     */
    long refund(String orderId, String refundId, String topic) {
        Payment payment = payment(orderId);
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        if (refundId != null) {
            data.put("refundId", refundId);
        }
        String status = payment == null ? "NONE" : payment.status();
        switch (status) {
            case "COMPLETED", "REFUNDED", "HELD" -> {
                BigDecimal refunded = status.equals("HELD") ? BigDecimal.ZERO : payment.amount();
                setStatus(orderId, status.equals("HELD") ? "VOIDED" : "REFUNDED", null);
                data.put("paymentId", payment.paymentId());
                data.put("amount", refunded);
                log.info("Order {}: refunded {} (payment {})", orderId, refunded, payment.paymentId());
                return events.plain(topic, EventTypes.PAYMENT_REFUNDED, orderId, data);
            }
            default -> {
                String reason = payment == null ? "no payment for order " + orderId : "payment is " + status;
                data.put("reason", reason);
                log.warn("Order {}: not refunded, {}", orderId, reason);
                return events.plain(topic, EventTypes.REFUND_FAILED, orderId, data);
            }
        }
    }

    /** ReverseRefund: the refund-payment step undone (the customer is charged again); amount 0 when nothing was refunded. */
    long reverseRefund(String orderId, String refundId, String topic) {
        Payment payment = payment(orderId);
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        data.put("refundId", refundId);
        BigDecimal charged = BigDecimal.ZERO;
        if (payment != null && payment.status().equals("REFUNDED")) {
            charged = payment.amount();
            setStatus(orderId, "COMPLETED", "refund reversed");
            data.put("paymentId", payment.paymentId());
            log.info("Order {}: refund reversed, charged {} again", orderId, charged);
        }
        data.put("amount", charged);
        return events.plain(topic, EventTypes.REFUND_REVERSED, orderId, data);
    }

    private Payment payment(String orderId) {
        return jdbc.query("""
                SELECT order_id, payment_id, member_id, amount, status, traceparent FROM payment
                WHERE order_id = ? FOR UPDATE""",
                (rs, n) -> new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getString(5), rs.getString(6)), orderId).stream().findFirst().orElse(null);
    }

    private void setStatus(String orderId, String status, String reason) {
        jdbc.update("UPDATE payment SET status = ?, reason = ?, updated_at = now() WHERE order_id = ?", status, reason,
                orderId);
    }

    private static String newPaymentId() {
        return "p-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
