package io.opsplane.demo.inventory;

import static io.opsplane.demo.messaging.Inbox.only;

import io.opsplane.demo.ServiceConfiguration;
import io.opsplane.demo.command.CommandHandler;
import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.Inbox;
import io.opsplane.demo.messaging.Subscription.Subscriptions;
import io.opsplane.demo.messaging.Topics;
import org.springframework.context.annotation.Bean;

/**
 * The inventory service: stock levels per product, reservations per order. What it listens to and
 * the commands it takes are declared here; {@link Inventory} does the work.
 */
@ServiceConfiguration
public class InventoryConfiguration {

    /** Orders (created: reserve; cancelled: release) and payments (failed: release). */
    @Bean
    Subscriptions inventorySubscriptions(Inbox inbox, Inventory inventory, Topics topics) {
        return Subscriptions.of(
                inbox.subscription("order-events", topics.orders(), event -> {
                    switch (event.type()) {
                        case EventTypes.ORDER_CREATED -> inventory.reserve(event);
                        case EventTypes.ORDER_CANCELLED ->
                                inventory.release(event.required("orderId"), "order cancelled", topics.inventory(), false);
                        default -> {
                            // other order events are not the inventory's business
                        }
                    }
                }),
                inbox.subscription("payment-events", topics.payments(), only(EventTypes.PAYMENT_FAILED,
                        event -> inventory.release(event.required("orderId"), "payment failed", topics.inventory(),
                                false))));
    }

    /**
     * {@code ReleaseStock {orderId, reason?}}: the compensation of order-placement's reserve-stock
     * step. Puts the order's reserved stock back and always answers StockReleased (quantity 0 when
     * nothing was reserved), on {@code inventory} unless the command says {@code replyto}.
     */
    @Bean
    CommandHandler releaseStock(Inventory inventory, Topics topics) {
        return new CommandHandler(EventTypes.RELEASE_STOCK, topics.inventory(), (command, replyTopic) -> {
            String reason = command.text("reason");
            return inventory.release(command.required("orderId"), reason != null ? reason : "ReleaseStock command",
                    replyTopic, true);
        });
    }

    /**
     * {@code RepublishReservation {orderId}}: order-placement's reserve-stock retry command. Publishes the
     * reservation's outcome again (StockReserved with member and amount, StockReleased or StockReservationFailed),
     * the same event each time; on {@code inventory} unless the command says {@code replyto}. See
     * {@link Inventory#republish}.
     */
    @Bean
    CommandHandler republishReservation(Inventory inventory, Topics topics) {
        return new CommandHandler(EventTypes.REPUBLISH_RESERVATION, topics.inventory(),
                (command, replyTopic) -> inventory.republish(command.required("orderId"), replyTopic));
    }

    /**
     * {@code RestockItems {orderId, refundId}}: the order-refund saga's second step. Answers
     * ItemsRestocked, or RestockFailed when the product takes no returns or nothing was delivered;
     * on the refund replies topic unless the command says {@code replyto}.
     */
    @Bean
    CommandHandler restockItems(Inventory inventory, Topics topics) {
        return new CommandHandler(EventTypes.RESTOCK_ITEMS, topics.refundReplies(),
                (command, replyTopic) -> inventory.restock(command.required("orderId"), command.text("refundId"),
                        replyTopic));
    }
}
