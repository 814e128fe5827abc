package io.opsplane.console.compensation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The order saga of {@link OrderSaga} with what operator actions need: both the stock reservation and the
 * payment can be undone (ReleaseStock, RefundPayment), each step has a command of its own (ReserveStock,
 * ChargePayment) for retries, and no {@code compensatedBy}, so the saga is COMPENSATED once every completed step
 * is undone. Commands go to {@code <prefix>.inventory-commands} and {@code <prefix>.payment-commands}.
 */
final class CompensableOrderSaga {

    final OrderSaga topics;
    final OrderEvents events;
    final String inventoryCommands;
    final String paymentCommands;

    private CompensableOrderSaga(OrderSaga topics) {
        this.topics = topics;
        this.events = new OrderEvents(topics);
        this.inventoryCommands = topics.inventory + "-commands";
        this.paymentCommands = topics.payments + "-commands";
    }

    static CompensableOrderSaga create() {
        CompensableOrderSaga saga = new CompensableOrderSaga(OrderSaga.create());
        TestKafka.createTopics(3, saga.inventoryCommands, saga.paymentCommands);
        return saga;
    }

    /** {@code stepTimeout}: how long payment and confirmation may take; {@code undoTimeout}: how long an undo may. */
    String writeDefinition(Duration stepTimeout, Duration undoTimeout) {
        return writeDefinition(stepTimeout, undoTimeout, null);
    }

    /** As above, with RefundPayment POSTed to {@code refundUrl} instead of sent to the payment command topic. */
    String writeDefinition(Duration stepTimeout, Duration undoTimeout, String refundUrl) {
        String yaml = """
                type: order-placement
                version: 1
                correlation: /orderId
                businessKeys:
                  orderId: /orderId
                  memberId: /memberId
                  paymentId: /paymentId
                deadline: 1h
                stepTimeout: 10m
                compensationGrace: 5m
                events:
                  OrderCreated:           { topic: %1$s, type: com.shop.order.created }
                  OrderConfirmed:         { topic: %1$s, type: com.shop.order.confirmed }
                  StockReserved:          { topic: %2$s, type: com.shop.stock.reserved }
                  StockReservationFailed: { topic: %2$s, type: com.shop.stock.reservation-failed }
                  StockReleased:          { topic: %2$s, type: com.shop.stock.released }
                  PaymentCompleted:       { topic: %3$s, field: { pointer: /eventType, value: PaymentCompleted } }
                  PaymentFailed:          { topic: %3$s, field: { pointer: /eventType, value: PaymentFailed } }
                  PaymentRefunded:        { topic: %3$s, field: { pointer: /eventType, value: PaymentRefunded } }
                startedBy: OrderCreated
                steps:
                  - name: reserve-stock
                    service: inventory
                    completedBy: StockReserved
                    failedBy: StockReservationFailed
                    command: { type: ReserveStock, topic: %4$s }
                    compensation:
                      command: { type: ReleaseStock, topic: %4$s }
                      completedBy: StockReleased
                      timeout: %7$s
                  - name: charge-payment
                    service: payment
                    timeout: %6$s
                    completedBy: PaymentCompleted
                    failedBy: PaymentFailed
                    command: { type: ChargePayment, topic: %5$s }
                    compensation:
                      command: { type: RefundPayment, %8$s }
                      completedBy: PaymentRefunded
                      timeout: %7$s
                  - name: confirm-order
                    service: order
                    timeout: %6$s
                    completedBy: OrderConfirmed
                completedBy: OrderConfirmed
                """.formatted(topics.orders, topics.inventory, topics.payments, inventoryCommands, paymentCommands,
                stepTimeout.toMillis() + "ms", undoTimeout.toMillis() + "ms",
                refundUrl == null ? "topic: " + paymentCommands : "url: " + refundUrl);
        try {
            Path dir = Files.createTempDirectory("sagas");
            Files.writeString(dir.resolve("order-placement.yml"), yaml, StandardCharsets.UTF_8);
            return "file:" + dir + "/*.yml";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service's answer to RefundPayment: a plain JSON event, like the other payment events. */
    ProducerRecord<byte[], byte[]> paymentRefunded(String orderId, Instant at) {
        String body = """
                {"eventId":"refunded-%s","eventType":"PaymentRefunded","orderId":"%s","paymentId":"p-%s","occurredAt":"%s"}"""
                .formatted(orderId, orderId, orderId, at);
        return new ProducerRecord<>(topics.payments, OrderEvents.bytes(orderId), OrderEvents.bytes(body));
    }
}
