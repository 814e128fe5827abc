package io.opsplane.demo.messaging;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The shop's Kafka topics, as {@code deploy/sagas/*.yml} name them. A prefix (tests) keeps several
 * shops apart on one broker.
 */
@Component("topics")
public class Topics {

    private final String prefix;

    public Topics(@Value("${demo.topics.prefix:}") String prefix) {
        this.prefix = prefix;
    }

    /** Order events: structured CloudEvents {@code com.shop.order.*}. */
    public String orders() {
        return prefix + "orders";
    }

    /** Inventory events: binary CloudEvents {@code com.shop.stock.*}. */
    public String inventory() {
        return prefix + "inventory";
    }

    /** Payment events: plain JSON with {@code eventType}. */
    public String payments() {
        return prefix + "payments";
    }

    /** Replies to the refund coordinator's commands (the orchestrated order-refund saga). */
    public String refundReplies() {
        return prefix + "order-refund-replies";
    }

    /** Where a service takes its commands: {@code order-commands}, {@code inventory-commands}, {@code payment-commands}. */
    public String commands(String service) {
        return prefix + service + "-commands";
    }

    public List<String> all() {
        return List.of(orders(), inventory(), payments(), refundReplies(),
                commands("order"), commands("inventory"), commands("payment"), commands("legacy"));
    }
}
