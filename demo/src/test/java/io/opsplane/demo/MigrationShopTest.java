package io.opsplane.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The strangler fig in the demo: the gateway sends orders to the legacy shop or the new order service by a share
 * that moves while it runs; the legacy shop's orders go through the same inventory and payment services and are
 * announced through its outbox as Debezium's outbox event router publishes them, with B3 trace headers.
 */
class MigrationShopTest extends ShopTest {

    @BeforeAll
    static void startMigration() {
        shop.start(Role.LEGACY);
        shop.start(Role.GATEWAY, "--demo.gateway.order-url=" + shop.url(Role.ORDER),
                "--demo.gateway.legacy-url=" + shop.url(Role.LEGACY));
    }

    @Test
    void theGatewaySplitDecidesWhichShopTakesTheOrder() {
        assertThat(shop.get(Role.GATEWAY, "/gateway/split").get("legacyShop").asInt()).isEqualTo(100);
        String legacyOrder = shop.placeOrder(Role.GATEWAY, "sku-2", 1, "19.90");
        assertThat(shop.find(Role.LEGACY, "/orders/" + legacyOrder)).isNotNull();
        assertThat(shop.find(Role.ORDER, "/orders/" + legacyOrder)).isNull();

        HttpResponse<String> moved = shop.post(Role.GATEWAY, "/gateway/split?orderService=100", "application/json", "");
        assertThat(moved.statusCode()).isEqualTo(200);
        String newOrder = shop.placeOrder(Role.GATEWAY, "sku-2", 1, "19.90");
        assertThat(shop.find(Role.ORDER, "/orders/" + newOrder)).isNotNull();
        assertThat(shop.find(Role.LEGACY, "/orders/" + newOrder)).isNull();

        HttpResponse<String> bad = shop.post(Role.GATEWAY, "/gateway/split?orderService=130", "application/json", "");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("0 to 100");
        shop.post(Role.GATEWAY, "/gateway/split?orderService=0", "application/json", "");
    }

    @Test
    void theOrderErrorsFaultFailsHalfTheNewServicesOrdersAndTheGatewayPassesTheFailureOn() {
        shop.post(Role.GATEWAY, "/gateway/split?orderService=100", "application/json", "");
        assertThat(shop.post(Role.ORDER, "/faults/order-errors", "application/json", "").statusCode()).isEqualTo(200);
        try {
            Map<Integer, Long> answers = IntStream.range(0, 40).mapToObj(i -> shop.post(Role.GATEWAY, "/orders",
                    "application/json", "{\"memberId\":\"m-f\",\"product\":\"sku-4\",\"quantity\":1,\"amount\":5}"))
                    .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
            assertThat(answers).containsOnlyKeys(202, 500);
        } finally {
            shop.delete(Role.ORDER, "/faults/order-errors");
            shop.post(Role.GATEWAY, "/gateway/split?orderService=0", "application/json", "");
        }
    }

    @Test
    void aLegacyOrderCompletesThroughTheNewServicesAndIsAnnouncedAsDebeziumDoes() {
        String orderId = shop.placeOrder(Role.LEGACY, "sku-3", 1, "29.90");

        await().atMost(WITHIN).until(() -> shop.get(Role.LEGACY, "/orders/" + orderId).get("status").asString()
                .equals("CONFIRMED"));
        assertThat(shop.get(Role.PAYMENT, "/payments/" + orderId).get("status").asString()).isEqualTo("COMPLETED");

        // as deploy/sagas/order-placement.yml's second matchers recognise them
        List<ConsumerRecord<String, byte[]>> orders = shop.records("orders", orderId);
        assertThat(orders).extracting(r -> TestShop.header(r, "eventType"))
                .containsExactly("OrderCreated", "OrderConfirmed");
        ConsumerRecord<String, byte[]> created = orders.getFirst();
        assertThat(TestShop.header(created, "id")).matches("[0-9a-f-]{36}");
        JsonNode value = TestShop.body(created);
        assertThat(value.isString()).as("the payload column as a JSON string").isTrue();
        JsonNode payload = TestShop.JSON.readTree(value.asString());
        assertThat(payload.get("orderId").asString()).isEqualTo(orderId);
        assertThat(payload.get("memberId").asString()).isEqualTo("m-test");
        assertThat(TestShop.header(created, "traceparent")).isNull();
    }
}
