package io.opsplane.console.compensation;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.console.alerting.AlertingSetup;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.SagaDefinitionBuilder;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The order saga of {@link OrderSaga} with what operator actions need: both the stock reservation and the
 * payment can be undone (ReleaseStock, RefundPayment), each step has a command of its own (ReserveStock,
 * ChargePayment), reserve-stock's retry asks for its outcome again (RepublishReservation), and no {@code compensatedBy}, so the saga is COMPENSATED once every completed step
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

    /** On topics someone else creates (a test's own broker). */
    static CompensableOrderSaga on(OrderSaga topics) {
        return new CompensableOrderSaga(topics);
    }

    /** {@code stepTimeout}: how long payment and confirmation may take; {@code undoTimeout}: how long an undo may. */
    String writeDefinition(Duration stepTimeout, Duration undoTimeout) {
        return writeDefinition(stepTimeout, undoTimeout, null);
    }

    /** As above, with RefundPayment POSTed to {@code refundUrl} instead of sent to the payment command topic. */
    String writeDefinition(Duration stepTimeout, Duration undoTimeout, String refundUrl) {
        String undo = SagaDefinitionBuilder.millis(undoTimeout);
        String step = SagaDefinitionBuilder.millis(stepTimeout);
        return SagaDefinitionBuilder.orderPlacement(topics)
                .paymentEvent("PaymentRefunded")
                .step("reserve-stock", "inventory", "completedBy: StockReserved", "failedBy: StockReservationFailed",
                        "command: { type: ReserveStock, topic: " + inventoryCommands + " }",
                        // a lost StockReserved: Retry asks the inventory to publish it again rather than reserve again
                        "retry: { type: RepublishReservation, topic: " + inventoryCommands + " }", """
                        compensation:
                          command: { type: ReleaseStock, topic: %s }
                          completedBy: StockReleased
                          timeout: %s
                          inCase: true""".formatted(inventoryCommands, undo))
                .step("charge-payment", "payment", "timeout: " + step, "completedBy: PaymentCompleted",
                        "failedBy: PaymentFailed", "command: { type: ChargePayment, topic: " + paymentCommands + " }", """
                        compensation:
                          command: { type: RefundPayment, %s }
                          completedBy: PaymentRefunded
                          timeout: %s""".formatted(refundUrl == null ? "topic: " + paymentCommands : "url: " + refundUrl,
                                undo))
                .step("confirm-order", "order", "timeout: " + step, "completedBy: OrderConfirmed")
                // no compensatedBy: the saga is COMPENSATED once every completed step is undone
                .ends("completedBy: OrderConfirmed")
                .write();
    }

    /**
     * A console on a new database tracking this saga, checking action outcomes every 300 ms and alerting by the
     * rules in {@code rulesYaml}; not started yet. What the browser tests click through.
     */
    OpsplaneInstance.Builder console(Duration stepTimeout, Duration undoTimeout, String rulesYaml) {
        return OpsplaneInstance.on(TestPostgres.newDatabase(), writeDefinition(stepTimeout, undoTimeout))
                .property("opsplane.compensation.verify-interval", "300ms")
                .property("opsplane.alerting.rules-file", AlertingSetup.rulesFile(rulesYaml));
    }

    /** The service's answer to RefundPayment: a plain JSON event, like the other payment events. */
    ProducerRecord<byte[], byte[]> paymentRefunded(String orderId, Instant at) {
        String body = """
                {"eventId":"refunded-%s","eventType":"PaymentRefunded","orderId":"%s","paymentId":"p-%s","occurredAt":"%s"}"""
                .formatted(orderId, orderId, orderId, at);
        return new ProducerRecord<>(topics.payments, OrderEvents.bytes(orderId), OrderEvents.bytes(body));
    }
}
