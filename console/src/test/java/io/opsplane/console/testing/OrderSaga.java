package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The order-placement saga the tests run: three steps (reserve stock, charge payment, confirm
 * order), with inventory events as binary CloudEvents, order events as structured CloudEvents and
 * payment events as plain JSON, on topics of the test's own prefix.
 */
public final class OrderSaga {

    public final String prefix;
    public final String orders;
    public final String inventory;
    public final String payments;

    public OrderSaga(String prefix) {
        this.prefix = prefix;
        this.orders = prefix + ".orders";
        this.inventory = prefix + ".inventory";
        this.payments = prefix + ".payments";
    }

    public static OrderSaga create() {
        return create(3);
    }

    public static OrderSaga create(int partitions) {
        OrderSaga saga = new OrderSaga(TestKafka.uniquePrefix());
        TestKafka.createTopics(partitions, saga.orders, saga.inventory, saga.payments);
        return saga;
    }

    public String definition(Duration paymentTimeout) {
        return """
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
                  OrderCancelled:         { topic: %1$s, type: com.shop.order.cancelled }
                  StockReserved:          { topic: %2$s, type: com.shop.stock.reserved }
                  StockReservationFailed: { topic: %2$s, type: com.shop.stock.reservation-failed }
                  StockReleased:          { topic: %2$s, type: com.shop.stock.released }
                  PaymentCompleted:       { topic: %3$s, field: { pointer: /eventType, value: PaymentCompleted } }
                  PaymentFailed:          { topic: %3$s, field: { pointer: /eventType, value: PaymentFailed } }
                startedBy: OrderCreated
                steps:
                  - name: reserve-stock
                    service: inventory
                    completedBy: StockReserved
                    failedBy: StockReservationFailed
                    compensation:
                      command: { type: ReleaseStock, topic: %2$s-commands }
                      completedBy: StockReleased
                  - name: charge-payment
                    service: payment
                    timeout: %4$s
                    completedBy: PaymentCompleted
                    failedBy: PaymentFailed
                  - name: confirm-order
                    service: order
                    completedBy: OrderConfirmed
                completedBy: OrderConfirmed
                compensatedBy: OrderCancelled
                """.formatted(orders, inventory, payments, paymentTimeout.toMillis() + "ms");
    }

    /** Writes the definition into a fresh folder and answers the location pattern for opsplane.sagas.locations. */
    public String writeDefinition(Duration paymentTimeout) {
        try {
            Path dir = Files.createTempDirectory("sagas");
            Files.writeString(dir.resolve("order-placement.yml"), definition(paymentTimeout), StandardCharsets.UTF_8);
            return "file:" + dir + "/*.yml";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
