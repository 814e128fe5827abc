package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saga definitions for tests, written as the YAML an operator would write: the order-placement header and events
 * every test shares, then the steps and events a test needs. One place, so test sagas differ only where a test
 * means them to.
 */
public final class SagaDefinitionBuilder {

    private final OrderSaga topics;
    private final Map<String, String> events = new LinkedHashMap<>();
    private final List<String> steps = new ArrayList<>();
    private final List<String> ending = new ArrayList<>();

    private SagaDefinitionBuilder(OrderSaga topics) {
        this.topics = topics;
    }

    /** order-placement on the saga's topics, with the order, stock and payment events all its variants share. */
    public static SagaDefinitionBuilder orderPlacement(OrderSaga topics) {
        return orderPlacement(topics, false);
    }

    /** As above; {@code cancellable} adds OrderCancelled, the order service's own compensated end. */
    public static SagaDefinitionBuilder orderPlacement(OrderSaga topics, boolean cancellable) {
        SagaDefinitionBuilder saga = new SagaDefinitionBuilder(topics)
                // from the order service as a CloudEvent, or from the monolith through Debezium's outbox router
                .event("OrderCreated", "[ { topic: " + topics.orders + ", type: com.shop.order.created }, { topic: "
                        + topics.orders + ", header: { name: eventType, value: OrderCreated } } ]")
                .event("OrderConfirmed", "topic: " + topics.orders + ", type: com.shop.order.confirmed");
        if (cancellable) {
            saga.event("OrderCancelled", "topic: " + topics.orders + ", type: com.shop.order.cancelled");
        }
        return saga
                .event("StockReserved", "topic: " + topics.inventory + ", type: com.shop.stock.reserved")
                .event("StockReservationFailed", "topic: " + topics.inventory + ", type: com.shop.stock.reservation-failed")
                .event("StockReleased", "topic: " + topics.inventory + ", type: com.shop.stock.released")
                .paymentEvent("PaymentCompleted")
                .paymentEvent("PaymentFailed");
    }

    /**
     * An event by its CloudEvent type or field, as the YAML's flow mapping body: {@code topic: t, type: x}; or, for
     * an event in several shapes, a flow sequence of such mappings: {@code [ { ... }, { ... } ]}.
     */
    public SagaDefinitionBuilder event(String name, String spec) {
        events.put(name, spec);
        return this;
    }

    /** A plain JSON payment event, told apart by its {@code eventType} field. */
    public SagaDefinitionBuilder paymentEvent(String name) {
        return event(name, "topic: " + topics.payments + ", field: { pointer: /eventType, value: " + name + " }");
    }

    /** A step: its name, service, and its YAML properties, one per line ({@code completedBy: StockReserved}). */
    public SagaDefinitionBuilder step(String name, String service, String... properties) {
        StringBuilder step = new StringBuilder("  - name: " + name + "\n    service: " + service + "\n");
        for (String property : properties) {
            property.lines().forEach(line -> step.append("    ").append(line).append('\n'));
        }
        steps.add(step.toString());
        return this;
    }

    /** What ends the saga: {@code completedBy: OrderConfirmed}, {@code compensatedBy: OrderCancelled}. */
    public SagaDefinitionBuilder ends(String... lines) {
        ending.addAll(List.of(lines));
        return this;
    }

    public String yaml() {
        StringBuilder yaml = new StringBuilder("""
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
                """);
        // aligned as a person would write them (tests point at lines of this text)
        events.forEach((name, spec) -> yaml.append("  ").append("%-24s".formatted(name + ":"))
                .append(spec.startsWith("[") ? spec : "{ " + spec + " }").append('\n'));
        yaml.append("startedBy: OrderCreated\nsteps:\n");
        steps.forEach(yaml::append);
        ending.forEach(line -> yaml.append(line).append('\n'));
        return yaml.toString();
    }

    /** Writes the definition into a fresh folder and answers the location pattern for opsplane.sagas.locations. */
    public String write() {
        try {
            Path dir = Files.createTempDirectory("sagas");
            Files.writeString(dir.resolve("order-placement.yml"), yaml(), StandardCharsets.UTF_8);
            return "file:" + dir + "/*.yml";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
