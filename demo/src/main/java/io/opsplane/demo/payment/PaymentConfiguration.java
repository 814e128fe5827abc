package io.opsplane.demo.payment;

import static io.opsplane.demo.messaging.Inbox.only;

import io.opsplane.demo.ServiceConfiguration;
import io.opsplane.demo.command.CommandHandler;
import io.opsplane.demo.fault.FaultSwitch;
import io.opsplane.demo.fault.OnOffFault;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.Inbox;
import io.opsplane.demo.messaging.Subscription.Subscriptions;
import io.opsplane.demo.messaging.Topics;
import org.springframework.context.annotation.Bean;

/**
 * The payment service: charges, refunds and their reversals. What it listens to, the commands it
 * takes and its own fault are declared here; {@link Payments} does the work.
 */
@ServiceConfiguration
public class PaymentConfiguration {

    /** Stock reserved (charge) and order cancelled (void or refund). */
    @Bean
    Subscriptions paymentSubscriptions(Inbox inbox, Payments payments, Topics topics) {
        return Subscriptions.of(
                inbox.subscription("inventory-events", topics.inventory(), only(EventTypes.STOCK_RESERVED,
                        payments::charge)),
                inbox.subscription("order-events", topics.orders(), only(EventTypes.ORDER_CANCELLED,
                        event -> payments.orderCancelled(event.required("orderId")))));
    }

    /**
     * {@code RefundPayment {orderId, refundId?}}: the compensation of order-placement's
     * charge-payment step, and the order-refund saga's first step. Answers PaymentRefunded (amount 0
     * for a voided hold) or RefundFailed, on {@code payments} unless the command says {@code replyto}.
     */
    @Bean
    CommandHandler refundPayment(Payments payments, Topics topics) {
        return new CommandHandler(EventTypes.REFUND_PAYMENT, topics.payments(),
                (command, replyTopic) -> payments.refund(command.required("orderId"), command.text("refundId"),
                        replyTopic));
    }

    /**
     * {@code ReverseRefund {orderId, refundId}}: the compensation of order-refund's refund-payment
     * step. Answers RefundReversed, on the refund replies topic unless the command says {@code replyto}.
     */
    @Bean
    CommandHandler reverseRefund(Payments payments, Topics topics) {
        return new CommandHandler(EventTypes.REVERSE_REFUND, topics.refundReplies(),
                (command, replyTopic) -> payments.reverseRefund(command.required("orderId"),
                        command.required("refundId"), replyTopic));
    }

    /**
     * {@code RepublishPayment {orderId}}: order-placement's charge-payment retry command. Publishes the charge's
     * outcome again (PaymentCompleted or PaymentFailed), the same event each time, on {@code payments}; a held
     * charge is answered now unless payment-timeout holds it. See {@link Payments#republish}.
     */
    @Bean
    CommandHandler republishPayment(Payments payments, Topics topics) {
        return new CommandHandler(EventTypes.REPUBLISH_PAYMENT, topics.payments(),
                (command, replyTopic) -> payments.republish(command.required("orderId"), replyTopic));
    }

    /**
     * {@code POST /faults/payment-timeout}: the payment service takes charges but holds them without
     * answering, as if its card processor had stopped responding; sagas wait at charge-payment.
     * {@code DELETE} answers the held charges (late) and stops holding.
     */
    @Bean
    FaultSwitch paymentTimeout(Payments payments) {
        return new OnOffFault("payment-timeout", "hold charges without answering (DELETE answers the held ones)",
                "holding charges", payments::holdCharges);
    }

    /**
     * {@code POST /faults/payment-slow}: the card processor answers each charge late (25 s, within charge-payment's
     * 45 s timeout), as one under load would; the step's p95 rises before any saga times out.
     */
    @Bean
    FaultSwitch paymentSlow(Payments payments) {
        return new OnOffFault("payment-slow", "answer each charge 25 s late (DELETE answers new ones at once)",
                "answering charges late", payments::answerSlowly);
    }
}
