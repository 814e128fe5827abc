package io.opsplane.demo.payment;

import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The payment service's subscriptions: stock reserved (charge), order cancelled (void or refund). */
@Component
class PaymentListener {

    private final Inbox inbox;
    private final Payments payments;

    PaymentListener(Inbox inbox, Payments payments) {
        this.inbox = inbox;
        this.payments = payments;
    }

    @KafkaListener(id = "inventory-events", groupId = "${spring.kafka.consumer.group-id}.inventory-events",
            topics = "#{@topics.inventory()}")
    void inventoryEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive("inventory-events", record, event -> {
            if (event.type().equals(EventTypes.STOCK_RESERVED)) {
                payments.charge(event);
            }
        });
    }

    @KafkaListener(id = "order-events", groupId = "${spring.kafka.consumer.group-id}.order-events",
            topics = "#{@topics.orders()}")
    void orderEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive("order-events", record, event -> {
            if (event.type().equals(EventTypes.ORDER_CANCELLED)) {
                payments.orderCancelled(event.required("orderId"));
            }
        });
    }
}
