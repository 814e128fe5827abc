package io.opsplane.demo.payment;

import io.opsplane.demo.command.CommandHandler;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import org.springframework.stereotype.Component;

/**
 * {@code RefundPayment {orderId, refundId?}}: the compensation of order-placement's charge-payment
 * step, and the order-refund saga's first step. Answers PaymentRefunded (amount 0 for a voided
 * hold) or RefundFailed, on {@code payments} unless the command says {@code replyto}.
 */
@Component
class RefundPaymentHandler implements CommandHandler {

    private final Payments payments;
    private final Topics topics;

    RefundPaymentHandler(Payments payments, Topics topics) {
        this.payments = payments;
        this.topics = topics;
    }

    @Override
    public String type() {
        return EventTypes.REFUND_PAYMENT;
    }

    @Override
    public String defaultReplyTopic() {
        return topics.payments();
    }

    @Override
    public long apply(IncomingMessage command, String replyTopic) {
        return payments.refund(command.required("orderId"), command.text("refundId"), replyTopic);
    }
}
