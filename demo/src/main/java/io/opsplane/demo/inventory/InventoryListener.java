package io.opsplane.demo.inventory;

import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.Inbox;
import io.opsplane.demo.messaging.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The inventory's subscriptions: orders (created, cancelled) and payments (failed). */
@Component
class InventoryListener {

    private final Inbox inbox;
    private final Inventory inventory;
    private final Topics topics;

    InventoryListener(Inbox inbox, Inventory inventory, Topics topics) {
        this.inbox = inbox;
        this.inventory = inventory;
        this.topics = topics;
    }

    @KafkaListener(id = "order-events", groupId = "${spring.kafka.consumer.group-id}.order-events",
            topics = "#{@topics.orders()}")
    void orderEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive("order-events", record, event -> {
            switch (event.type()) {
                case EventTypes.ORDER_CREATED -> inventory.reserve(event);
                case EventTypes.ORDER_CANCELLED ->
                        inventory.release(event.required("orderId"), "order cancelled", topics.inventory(), false);
                default -> {
                    // other order events are not the inventory's business
                }
            }
        });
    }

    @KafkaListener(id = "payment-events", groupId = "${spring.kafka.consumer.group-id}.payment-events",
            topics = "#{@topics.payments()}")
    void paymentEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive("payment-events", record, event -> {
            if (event.type().equals(EventTypes.PAYMENT_FAILED)) {
                inventory.release(event.required("orderId"), "payment failed", topics.inventory(), false);
            }
        });
    }
}
