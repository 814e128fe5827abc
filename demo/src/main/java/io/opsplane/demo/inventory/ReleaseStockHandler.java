package io.opsplane.demo.inventory;

import io.opsplane.demo.command.CommandHandler;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import org.springframework.stereotype.Component;

/**
 * {@code ReleaseStock {orderId}}: the compensation of order-placement's reserve-stock step. Puts
 * the order's reserved stock back and always answers StockReleased (quantity 0 when nothing was
 * reserved), on {@code inventory} unless the command says {@code replyto}.
 */
@Component
class ReleaseStockHandler implements CommandHandler {

    private final Inventory inventory;
    private final Topics topics;

    ReleaseStockHandler(Inventory inventory, Topics topics) {
        this.inventory = inventory;
        this.topics = topics;
    }

    @Override
    public String type() {
        return EventTypes.RELEASE_STOCK;
    }

    @Override
    public String defaultReplyTopic() {
        return topics.inventory();
    }

    @Override
    public long apply(IncomingMessage command, String replyTopic) {
        String reason = command.text("reason");
        return inventory.release(command.required("orderId"), reason != null ? reason : "ReleaseStock command",
                replyTopic, true);
    }
}
