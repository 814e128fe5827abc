package io.opsplane.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The three services against real Kafka and PostgreSQL: the order-placement saga, its failures, commands and the refund. */
class DemoShopTest extends ShopTest {

    @AfterEach
    void faultsOff() {
        shop.delete(Role.PAYMENT, "/faults/payment-timeout");
        shop.delete(Role.PAYMENT, "/faults/payment-slow");
        shop.delete(Role.PAYMENT, "/faults/stop");
        shop.delete(Role.INVENTORY, "/faults/inventory-drop");
    }

    @Test
    void aPlacedOrderCompletesThroughTheThreeServicesInTheDeclaredFormats() {
        int before = shop.available("sku-1");
        String orderId = shop.placeOrder("sku-1", 2, "49.90");

        awaitOrder(orderId, "CONFIRMED");
        assertThat(shop.available("sku-1")).isEqualTo(before - 2);
        assertThat(shop.paymentStatus(orderId)).isEqualTo("COMPLETED");

        // as deploy/sagas/order-placement.yml recognises them
        List<ConsumerRecord<String, byte[]>> orders = shop.records("orders", orderId);
        assertThat(orders).allSatisfy(r -> assertThat(TestShop.header(r, "content-type"))
                .isEqualTo("application/cloudevents+json"));
        assertThat(orders).extracting(r -> TestShop.body(r).get("type").asString())
                .containsExactly("com.shop.order.created", "com.shop.order.confirmed");
        JsonNode created = TestShop.body(orders.getFirst());
        assertThat(created.get("specversion").asString()).isEqualTo("1.0");
        assertThat(created.at("/data/orderId").asString()).isEqualTo(orderId);
        assertThat(created.at("/data/memberId").asString()).isEqualTo("m-test");

        List<ConsumerRecord<String, byte[]>> inventory = shop.records("inventory", orderId);
        assertThat(inventory).extracting(r -> TestShop.header(r, "ce_type")).containsExactly("com.shop.stock.reserved");
        assertThat(TestShop.header(inventory.getFirst(), "ce_id")).isNotBlank();
        assertThat(TestShop.body(inventory.getFirst()).get("orderId").asString()).isEqualTo(orderId);

        List<ConsumerRecord<String, byte[]>> payments = shop.records("payments", orderId);
        assertThat(payments).extracting(r -> TestShop.body(r).get("eventType").asString())
                .containsExactly("PaymentCompleted");
        assertThat(TestShop.body(payments.getFirst()).get("orderId").asString()).isEqualTo(orderId);
    }

    @Test
    void aFailedPaymentReleasesTheStockAndCancelsTheOrder() {
        int before = shop.available("sku-2");
        String orderId = shop.placeOrder("sku-2", 3, "1500.00");

        awaitOrder(orderId, "CANCELLED");
        assertThat(shop.get(Role.ORDER, "/orders/" + orderId).get("reason").asString()).isEqualTo("stock released");
        assertThat(shop.available("sku-2")).isEqualTo(before);
        assertThat(shop.paymentStatus(orderId)).isEqualTo("FAILED");
        assertEvents("payments", orderId, "PaymentFailed");
        assertEvents("inventory", orderId, "com.shop.stock.reserved", "com.shop.stock.released");
        assertEvents("orders", orderId, "com.shop.order.created", "com.shop.order.cancelled");
    }

    @Test
    void anOrderBeyondTheStockIsCancelled() {
        String orderId = shop.placeOrder("sku-limited", 26, "20.00");

        awaitOrder(orderId, "CANCELLED");
        assertThat(shop.get(Role.ORDER, "/orders/" + orderId).get("reason").asString())
                .isEqualTo("stock not reserved: only 25 of sku-limited left");
        assertEvents("inventory", orderId, "com.shop.stock.reservation-failed");
    }

    @Test
    void releaseStockIsAppliedOncePerIdempotencyKeyAndAnsweredWithStockReleased() {
        int before = shop.available("sku-3");
        String orderId = heldOrder("sku-3", 4);
        assertThat(shop.available("sku-3")).isEqualTo(before - 4);

        String command = TestShop.command("ReleaseStock", "compensate-" + orderId, """
                {"orderId":"%s"}""".formatted(orderId));
        shop.sendCommand("inventory-commands", orderId, command);
        shop.sendCommand("inventory-commands", orderId, command);
        await().atMost(WITHIN).until(() -> shop.records("inventory", orderId).size() == 3);
        HttpResponse<String> again = shop.post(Role.INVENTORY, "/commands", "application/cloudevents+json", command);

        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode result = TestShop.JSON.readTree(again.body());
        assertThat(result.get("applied").asBoolean()).isFalse();
        assertThat(result.get("outcomeType").asString()).isEqualTo("com.shop.stock.released");
        assertThat(shop.available("sku-3")).isEqualTo(before);
        await().atMost(WITHIN).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> released = shop.records("inventory", orderId).stream()
                    .filter(r -> "com.shop.stock.released".equals(TestShop.header(r, "ce_type"))).toList();
            // the first answer, then the same event again for each repeat
            assertThat(released).hasSize(3).extracting(r -> TestShop.header(r, "ce_id")).containsOnly(
                    result.get("outcomeEventId").asString());
            assertThat(TestShop.body(released.getFirst()).get("quantity").asInt()).isEqualTo(4);
        });
        // the choreography finishes the compensation: the order is cancelled, the held charge voided
        awaitOrder(orderId, "CANCELLED");
        await().atMost(WITHIN).until(() -> shop.paymentStatus(orderId).equals("VOIDED"));
    }

    @Test
    void refundPaymentIsAppliedOncePerIdempotencyKeyAndAnsweredWithPaymentRefunded() {
        String orderId = confirmedOrder("sku-3", 1, "75.00");

        String command = TestShop.command("RefundPayment", "refund-" + orderId, """
                {"orderId":"%s"}""".formatted(orderId));
        shop.sendCommand("payment-commands", orderId, command);
        shop.sendCommand("payment-commands", orderId, command);
        HttpResponse<String> third = shop.post(Role.PAYMENT, "/commands", "application/cloudevents+json", command);

        assertThat(third.statusCode()).isEqualTo(200);
        JsonNode result = TestShop.JSON.readTree(third.body());
        assertThat(result.get("outcomeType").asString()).isEqualTo("PaymentRefunded");
        await().atMost(WITHIN).untilAsserted(() -> {
            List<JsonNode> refunded = shop.records("payments", orderId).stream().map(TestShop::body)
                    .filter(e -> e.get("eventType").asString().equals("PaymentRefunded")).toList();
            assertThat(refunded).hasSize(3).extracting(e -> e.get("eventId").asString())
                    .containsOnly(result.get("outcomeEventId").asString());
            assertThat(refunded.getFirst().get("amount").decimalValue()).isEqualByComparingTo("75.00");
        });
        assertThat(shop.paymentStatus(orderId)).isEqualTo("REFUNDED");
    }

    @Test
    void cancelOrderIsAppliedOncePerIdempotencyKeyAndAnsweredWithOrderCancelled() {
        int before = shop.available("sku-3");
        String orderId = heldOrder("sku-3", 2);

        String command = TestShop.command("CancelOrder", "cancel-" + orderId, """
                {"orderId":"%s","reason":"customer changed their mind"}""".formatted(orderId));
        HttpResponse<String> first = shop.post(Role.ORDER, "/commands", "application/cloudevents+json", command);
        shop.sendCommand("order-commands", orderId, command);

        assertThat(TestShop.JSON.readTree(first.body()).get("applied").asBoolean()).isTrue();
        String outcomeId = TestShop.JSON.readTree(first.body()).get("outcomeEventId").asString();
        await().atMost(WITHIN).untilAsserted(() -> assertThat(shop.records("orders", orderId).stream()
                .map(TestShop::body).filter(e -> e.get("type").asString().equals("com.shop.order.cancelled")))
                .hasSize(2).allSatisfy(e -> assertThat(e.get("id").asString()).isEqualTo(outcomeId)));
        JsonNode order = shop.get(Role.ORDER, "/orders/" + orderId);
        assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.get("reason").asString()).isEqualTo("customer changed their mind");
        // OrderCancelled puts the stock back and voids the held charge
        await().atMost(WITHIN).until(() -> shop.available("sku-3") == before);
        await().atMost(WITHIN).until(() -> shop.paymentStatus(orderId).equals("VOIDED"));
    }

    @Test
    void aCommandThisServiceDoesNotTakeIsABadRequest() {
        HttpResponse<String> response = shop.post(Role.INVENTORY, "/commands", "application/cloudevents+json",
                TestShop.command("RefundPayment", "k-1", "{\"orderId\":\"o-1\"}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("takes no command 'RefundPayment'");
    }

    @Test
    void theRefundOrchestrationCompletes() {
        int before = shop.available("sku-4");
        String orderId = confirmedOrder("sku-4", 2, "120.00");

        HttpResponse<String> started = shop.post(Role.ORDER, "/orders/" + orderId + "/refund", "application/json", "");
        assertThat(started.statusCode()).isEqualTo(202);
        String refundId = TestShop.JSON.readTree(started.body()).get("refundId").asString();

        awaitRefund(refundId, "COMPLETED");
        assertThat(shop.orderStatus(orderId)).isEqualTo("REFUNDED");
        assertThat(shop.paymentStatus(orderId)).isEqualTo("REFUNDED");
        assertThat(shop.available("sku-4")).isEqualTo(before);
        // commands carry their idempotency key and where to reply; replies come back there
        JsonNode refundPayment = TestShop.body(shop.records("payment-commands", orderId).getFirst());
        assertThat(refundPayment.get("type").asString()).isEqualTo("RefundPayment");
        assertThat(refundPayment.get("idempotencykey").asString()).isEqualTo(refundId + "/refund-payment");
        assertThat(refundPayment.get("replyto").asString()).isEqualTo(shop.topic("order-refund-replies"));
        assertEvents("order-refund-replies", orderId, "PaymentRefunded", "com.shop.stock.restocked");
        assertEvents("orders", refundId, "com.shop.order.refund-requested", "com.shop.order.refunded");
    }

    @Test
    void aRefundThatCannotBeRestockedIsReversedAndRejected() {
        String orderId = confirmedOrder("sku-final-sale", 1, "30.00");

        String refundId = TestShop.JSON.readTree(shop.post(Role.ORDER, "/orders/" + orderId + "/refund",
                "application/json", "").body()).get("refundId").asString();

        awaitRefund(refundId, "REJECTED");
        assertThat(shop.get(Role.ORDER, "/refunds/" + refundId).get("reason").asString())
                .isEqualTo("items not restocked: sku-final-sale takes no returns");
        assertThat(shop.orderStatus(orderId)).isEqualTo("CONFIRMED");
        assertThat(shop.paymentStatus(orderId)).isEqualTo("COMPLETED");
        assertEvents("orders", refundId, "com.shop.order.refund-requested", "com.shop.order.refund-rejected");
    }

    @Test
    void onlyAConfirmedOrderCanBeRefunded() {
        HttpResponse<String> response = shop.post(Role.ORDER, "/orders/o-missing/refund", "application/json", "");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void paymentTimeoutHoldsChargesUntilTurnedOff() throws Exception {
        String orderId = heldOrder("sku-1", 1);
        Thread.sleep(2000);
        assertThat(shop.orderStatus(orderId)).isEqualTo("STOCK_RESERVED");
        assertThat(shop.records("payments", orderId)).isEmpty();

        shop.delete(Role.PAYMENT, "/faults/payment-timeout");

        awaitOrder(orderId, "CONFIRMED");
    }

    @Test
    void paymentSlowAnswersEachChargeLateButAnswersIt() {
        faultOn(Role.PAYMENT, "payment-slow");
        String orderId = shop.placeOrder("sku-1", 1, "20.00");
        // held first (the test's slow answer is 3 s), then charged without anyone turning the fault off
        await().atMost(WITHIN).until(() -> shop.find(Role.PAYMENT, "/payments/" + orderId) != null);
        assertThat(shop.paymentStatus(orderId)).isEqualTo("HELD");
        awaitOrder(orderId, "CONFIRMED");
        assertThat(shop.paymentStatus(orderId)).isEqualTo("COMPLETED");
    }

    @Test
    void inventoryDropLeavesTheOrderWaitingAndReleaseStockPutsTheStockBack() throws Exception {
        int before = shop.available("sku-2");
        faultOn(Role.INVENTORY, "inventory-drop?event=StockReserved");
        String orderId = shop.placeOrder("sku-2", 5, "60.00");

        await().atMost(WITHIN).until(() -> shop.available("sku-2") == before - 5);
        Thread.sleep(2000);
        assertThat(shop.orderStatus(orderId)).isEqualTo("PENDING");
        assertThat(shop.records("inventory", orderId)).isEmpty();

        shop.post(Role.INVENTORY, "/commands", "application/cloudevents+json",
                TestShop.command("ReleaseStock", "runbook-" + orderId, "{\"orderId\":\"%s\"}".formatted(orderId)));

        assertThat(shop.available("sku-2")).isEqualTo(before);
        awaitOrder(orderId, "CANCELLED");
    }

    @Test
    void aLostStockReservedIsPublishedAgainOnRequestWithWhatThePaymentNeedsAndOnlyOnce() {
        int before = shop.available("sku-4");
        faultOn(Role.INVENTORY, "inventory-drop?event=StockReserved");
        String orderId = shop.placeOrder("sku-4", 2, "60.00");
        await().atMost(WITHIN).until(() -> shop.available("sku-4") == before - 2);
        assertThat(shop.records("inventory", orderId)).isEmpty();

        // the retry command Opsplane sends for reserve-stock (answers to commands are not dropped by the fault)
        HttpResponse<String> first = shop.post(Role.INVENTORY, "/commands", "application/cloudevents+json",
                TestShop.command("RepublishReservation", "retry-1-" + orderId, "{\"orderId\":\"%s\"}".formatted(orderId)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode published = TestShop.JSON.readTree(first.body());
        assertThat(published.get("outcomeType").asString()).isEqualTo("com.shop.stock.reserved");

        // the payment charges on it and the order completes
        awaitOrder(orderId, "CONFIRMED");
        JsonNode payment = shop.get(Role.PAYMENT, "/payments/" + orderId);
        assertThat(payment.get("memberId").asString()).isEqualTo("m-test");
        assertThat(payment.get("amount").decimalValue()).isEqualByComparingTo("60.00");

        // a second request (a second retry, its own key) changes nothing and publishes the same event again
        HttpResponse<String> second = shop.post(Role.INVENTORY, "/commands", "application/cloudevents+json",
                TestShop.command("RepublishReservation", "retry-2-" + orderId, "{\"orderId\":\"%s\"}".formatted(orderId)));
        JsonNode again = TestShop.JSON.readTree(second.body());
        assertThat(again.get("applied").asBoolean()).isTrue();
        assertThat(again.get("outcomeEventId").asString()).isEqualTo(published.get("outcomeEventId").asString());
        await().atMost(WITHIN).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> reserved = shop.records("inventory", orderId);
            assertThat(reserved).hasSize(2).allSatisfy(r -> {
                assertThat(TestShop.header(r, "ce_type")).isEqualTo("com.shop.stock.reserved");
                assertThat(TestShop.header(r, "ce_id")).isEqualTo(published.get("outcomeEventId").asString());
            });
            JsonNode data = TestShop.body(reserved.getFirst());
            assertThat(data.get("memberId").asString()).isEqualTo("m-test");
            assertThat(data.get("amount").decimalValue()).isEqualByComparingTo("60.00");
            assertThat(data.get("quantity").asInt()).isEqualTo(2);
        });
        assertThat(shop.available("sku-4")).isEqualTo(before - 2);
        assertEvents("payments", orderId, "PaymentCompleted");
    }

    @Test
    void aRepublishRequestForAnOrderTheInventoryHasNotSeenAnswersStockReservationFailed() {
        String orderId = "o-never-seen-" + System.nanoTime();
        HttpResponse<String> answer = shop.post(Role.INVENTORY, "/commands", "application/cloudevents+json",
                TestShop.command("RepublishReservation", "retry-" + orderId, "{\"orderId\":\"%s\"}".formatted(orderId)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(TestShop.JSON.readTree(answer.body()).get("outcomeType").asString())
                .isEqualTo("com.shop.stock.reservation-failed");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(shop.records("inventory", orderId))
                .singleElement().satisfies(r -> assertThat(TestShop.body(r).get("reason").asString())
                        .isEqualTo("no reservation for order " + orderId + ": the inventory has not seen the order")));
    }

    @Test
    void paymentPublishesACompletedChargeAgainOnRequestAndRefusesWhatHasNoOutcome() {
        String orderId = confirmedOrder("sku-1", 1, "30.00");
        String completedId = TestShop.body(shop.records("payments", orderId).getFirst()).get("eventId").asString();

        for (String key : List.of("retry-1-" + orderId, "retry-2-" + orderId)) {
            HttpResponse<String> answer = shop.post(Role.PAYMENT, "/commands", "application/cloudevents+json",
                    TestShop.command("RepublishPayment", key, "{\"orderId\":\"%s\"}".formatted(orderId)));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode result = TestShop.JSON.readTree(answer.body());
            assertThat(result.get("outcomeType").asString()).isEqualTo("PaymentCompleted");
            // the very event that announced the charge
            assertThat(result.get("outcomeEventId").asString()).isEqualTo(completedId);
        }
        await().atMost(WITHIN).untilAsserted(() -> {
            List<JsonNode> completed = shop.records("payments", orderId).stream().map(TestShop::body).toList();
            assertThat(completed).hasSize(3).allSatisfy(e -> {
                assertThat(e.get("eventType").asString()).isEqualTo("PaymentCompleted");
                assertThat(e.get("eventId").asString()).isEqualTo(completedId);
                assertThat(e.get("amount").decimalValue()).isEqualByComparingTo("30.00");
            });
        });
        assertThat(shop.paymentStatus(orderId)).isEqualTo("COMPLETED");
        assertThat(shop.orderStatus(orderId)).isEqualTo("CONFIRMED");

        // no charge to tell of: nothing is applied, the key stays free for a later request
        HttpResponse<String> none = shop.post(Role.PAYMENT, "/commands", "application/cloudevents+json",
                TestShop.command("RepublishPayment", "retry-o-unknown", "{\"orderId\":\"o-unknown\"}"));
        assertThat(none.statusCode()).isEqualTo(409);
        assertThat(none.body()).contains("no charge for order o-unknown");
    }

    @Test
    void stoppedConsumingHoldsSagasUntilResumedAndLosesNothing() throws Exception {
        faultOn(Role.PAYMENT, "stop");
        String orderId = shop.placeOrder("sku-1", 1, "10.00");
        awaitOrder(orderId, "STOCK_RESERVED");
        Thread.sleep(2000);
        assertThat(shop.orderStatus(orderId)).isEqualTo("STOCK_RESERVED");

        shop.delete(Role.PAYMENT, "/faults/stop");

        awaitOrder(orderId, "CONFIRMED");
    }

    @Test
    void anUnknownFaultIsNotFound() {
        assertThat(shop.post(Role.ORDER, "/faults/payment-timeout", "application/json", "").statusCode()).isEqualTo(404);
    }

    /** Switches a fault of a service on (docs/demo.md); {@link #faultsOff()} switches it off after the test. */
    private void faultOn(Role role, String fault) {
        assertThat(shop.post(role, "/faults/" + fault, "application/json", "").statusCode()).isEqualTo(200);
    }

    /** An order placed and confirmed: its stock reserved and its payment taken. */
    private String confirmedOrder(String product, int quantity, String amount) {
        String orderId = shop.placeOrder(product, quantity, amount);
        awaitOrder(orderId, "CONFIRMED");
        return orderId;
    }

    /** The types of the events on {@code topic} under {@code key}, in the order they were published. */
    private void assertEvents(String topic, String key, String... types) {
        assertThat(shop.eventTypes(topic, key)).as("events on " + topic).containsExactly(types);
    }

    private void awaitOrder(String orderId, String status) {
        await().atMost(WITHIN).until(() -> shop.orderStatus(orderId).equals(status));
    }

    private void awaitRefund(String refundId, String status) {
        await().atMost(WITHIN).until(() -> shop.get(Role.ORDER, "/refunds/" + refundId).get("status").asString()
                .equals(status));
    }

    /** An order whose charge the payment service holds (fault payment-timeout on): stock reserved, not paid. */
    private String heldOrder(String product, int quantity) {
        faultOn(Role.PAYMENT, "payment-timeout");
        String orderId = shop.placeOrder(product, quantity, "40.00");
        await().atMost(WITHIN).until(() -> shop.find(Role.PAYMENT, "/payments/" + orderId) != null);
        return orderId;
    }
}
