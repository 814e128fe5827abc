package io.opsplane.demo.inventory;

import io.opsplane.demo.command.CommandHandler;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import org.springframework.stereotype.Component;

/**
 * {@code RestockItems {orderId, refundId}}: the order-refund saga's second step. Answers
 * ItemsRestocked, or RestockFailed when the product takes no returns or nothing was delivered;
 * on the refund replies topic unless the command says {@code replyto}.
 */
@Component
class RestockItemsHandler implements CommandHandler {

    private final Inventory inventory;
    private final Topics topics;

    RestockItemsHandler(Inventory inventory, Topics topics) {
        this.inventory = inventory;
        this.topics = topics;
    }

    @Override
    public String type() {
        return EventTypes.RESTOCK_ITEMS;
    }

    @Override
    public String defaultReplyTopic() {
        return topics.refundReplies();
    }

    @Override
    public long apply(IncomingMessage command, String replyTopic) {
        return inventory.restock(command.required("orderId"), command.text("refundId"), replyTopic);
    }
}
