package io.opsplane.console.testing;

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
        return definitionBuilder(paymentTimeout).yaml();
    }

    /** Writes the definition into a fresh folder and answers the location pattern for opsplane.sagas.locations. */
    public String writeDefinition(Duration paymentTimeout) {
        return definitionBuilder(paymentTimeout).write();
    }

    private SagaDefinitionBuilder definitionBuilder(Duration paymentTimeout) {
        return SagaDefinitionBuilder.orderPlacement(this, true)
                .step("reserve-stock", "inventory", "completedBy: StockReserved", "failedBy: StockReservationFailed", """
                        compensation:
                          command: { type: ReleaseStock, topic: %s-commands }
                          completedBy: StockReleased""".formatted(inventory))
                .step("charge-payment", "payment", "timeout: " + SagaDefinitionBuilder.millis(paymentTimeout),
                        "completedBy: PaymentCompleted", "failedBy: PaymentFailed")
                .step("confirm-order", "order", "completedBy: OrderConfirmed")
                .ends("completedBy: OrderConfirmed", "compensatedBy: OrderCancelled");
    }
}
