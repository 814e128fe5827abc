package io.opsplane.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The outbox across a crash: nothing committed is lost, and what is published twice is applied once. */
class OutboxCrashTest extends ShopTest {

    @Test
    void anEventCommittedButNotPublishedBeforeACrashIsPublishedAfterTheRestart() {
        // the order service goes down after committing the order and its OrderCreated, before publishing it
        shop.stop(Role.ORDER);
        shop.start(Role.ORDER, "--demo.outbox.relay-enabled=false");
        String orderId = shop.placeOrder("sku-1", 1, "15.00");
        // while the relay is off the row stays unsent and nothing of the order reaches the topic
        await().during(Duration.ofSeconds(2)).atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                .until(() -> shop.jdbc(Role.ORDER).queryForObject(
                        "SELECT count(*) FROM outbox WHERE message_key = ? AND sent_at IS NULL", Integer.class, orderId)
                        == 1 && shop.records("orders", orderId).isEmpty());
        shop.stop(Role.ORDER);

        shop.start(Role.ORDER);

        await().atMost(WITHIN).until(() -> shop.orderStatus(orderId).equals("CONFIRMED"));
        assertThat(shop.records("orders", orderId)).hasSize(2);
    }

    @Test
    void anEventPublishedTwiceIsAppliedOnce() {
        String orderId = shop.placeOrder("sku-2", 3, "15.00");
        await().atMost(WITHIN).until(() -> shop.orderStatus(orderId).equals("CONFIRMED"));
        int available = shop.available("sku-2");

        // as after a crash between publishing and marking the row sent: OrderCreated goes out again
        shop.jdbc(Role.ORDER).update("""
                INSERT INTO outbox (topic, message_key, headers, payload, event_id, message_type)
                SELECT topic, message_key, headers, payload, event_id, message_type FROM outbox
                WHERE message_key = ? AND message_type = 'com.shop.order.created'""", orderId);

        await().atMost(WITHIN).until(() -> shop.records("orders", orderId).size() == 3);
        // the inventory has seen the copy: its listener's offsets are past it
        await().atMost(WITHIN).until(() -> shop.consumedAll(Role.INVENTORY, "order-events", "orders"));
        assertThat(shop.available("sku-2")).isEqualTo(available);
        assertThat(shop.records("inventory", orderId)).hasSize(1);
    }
}
