package io.opsplane.demo.order;

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
 * The order service: takes orders, keeps their status, coordinates refunds, generates load. What it
 * listens to and the command it takes are declared here; {@link Orders} and
 * {@link RefundCoordinator} do the work.
 */
@ServiceConfiguration
public class OrderConfiguration {

    /** The inventory's and payment's events, and the replies to the refund coordinator's commands. */
    @Bean
    Subscriptions orderSubscriptions(Inbox inbox, Orders orders, RefundCoordinator refunds, Topics topics) {
        return Subscriptions.of(
                inbox.subscription("inventory-events", topics.inventory(), orders::on),
                inbox.subscription("payment-events", topics.payments(), orders::on),
                inbox.subscription("refund-replies", topics.refundReplies(), refunds::onReply));
    }

    /** {@code order-errors}: half the orders placed fail with 500, as after a bad release of the order service. */
    @Bean
    FaultSwitch orderErrors(OrderController orders) {
        return new OnOffFault("order-errors", "fail half of POST /orders with 500, as a bad release would",
                "failing half the orders", orders::failHalf);
    }

    /**
     * {@code CancelOrder {orderId, reason?}}: cancels an open order and answers OrderCancelled (the
     * inventory then releases its stock and the payment service voids or refunds the charge, on that
     * event); a confirmed or unknown order is answered with {@code com.shop.order.cancel-rejected}.
     */
    @Bean
    CommandHandler cancelOrder(Orders orders, Topics topics) {
        return new CommandHandler(EventTypes.CANCEL_ORDER, topics.orders(), (command, replyTopic) -> {
            String reason = command.text("reason");
            return orders.cancel(command.required("orderId"), reason != null ? reason : "cancelled by command",
                    replyTopic);
        });
    }
}
