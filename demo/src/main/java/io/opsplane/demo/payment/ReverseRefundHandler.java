package io.opsplane.demo.payment;

import io.opsplane.demo.command.CommandHandler;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import org.springframework.stereotype.Component;

/**
 * {@code ReverseRefund {orderId, refundId}}: the compensation of order-refund's refund-payment
 * step. Answers RefundReversed, on the refund replies topic unless the command says {@code replyto}.
 */
@Component
class ReverseRefundHandler implements CommandHandler {

    private final Payments payments;
    private final Topics topics;

    ReverseRefundHandler(Payments payments, Topics topics) {
        this.payments = payments;
        this.topics = topics;
    }

    @Override
    public String type() {
        return EventTypes.REVERSE_REFUND;
    }

    @Override
    public String defaultReplyTopic() {
        return topics.refundReplies();
    }

    @Override
    public long apply(IncomingMessage command, String replyTopic) {
        return payments.reverseRefund(command.required("orderId"), command.required("refundId"), replyTopic);
    }
}
