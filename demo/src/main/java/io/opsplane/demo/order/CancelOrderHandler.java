package io.opsplane.demo.order;

import io.opsplane.demo.command.CommandHandler;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import org.springframework.stereotype.Component;

/**
 * {@code CancelOrder {orderId, reason?}}: cancels an open order and answers OrderCancelled (the
 * inventory then releases its stock and the payment service voids or refunds the charge, on that
 * event); a confirmed or unknown order is answered with {@code com.shop.order.cancel-rejected}.
 */
@Component
class CancelOrderHandler implements CommandHandler {

    private final Orders orders;
    private final Topics topics;

    CancelOrderHandler(Orders orders, Topics topics) {
        this.orders = orders;
        this.topics = topics;
    }

    @Override
    public String type() {
        return EventTypes.CANCEL_ORDER;
    }

    @Override
    public String defaultReplyTopic() {
        return topics.orders();
    }

    @Override
    public long apply(IncomingMessage command, String replyTopic) {
        String reason = command.text("reason");
        return orders.cancel(command.required("orderId"), reason != null ? reason : "cancelled by command", replyTopic);
    }
}
