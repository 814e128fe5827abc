package io.opsplane.demo.order;

import io.opsplane.demo.messaging.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The order service's subscriptions: the inventory's and payment's events, and replies to the refund coordinator. */
@Component
class OrderListener {

    private final Inbox inbox;
    private final Orders orders;
    private final RefundCoordinator refunds;

    OrderListener(Inbox inbox, Orders orders, RefundCoordinator refunds) {
        this.inbox = inbox;
        this.orders = orders;
        this.refunds = refunds;
    }

    @KafkaListener(id = "inventory-events", groupId = "${spring.kafka.consumer.group-id}.inventory-events",
            topics = "#{@topics.inventory()}")
    void inventoryEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive("inventory-events", record, orders::on);
    }

    @KafkaListener(id = "payment-events", groupId = "${spring.kafka.consumer.group-id}.payment-events",
            topics = "#{@topics.payments()}")
    void paymentEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive("payment-events", record, orders::on);
    }

    @KafkaListener(id = "refund-replies", groupId = "${spring.kafka.consumer.group-id}.refund-replies",
            topics = "#{@topics.refundReplies()}")
    void refundReply(ConsumerRecord<String, byte[]> record) {
        inbox.receive("refund-replies", record, refunds::onReply);
    }
}
