package io.opsplane.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.opsplane.demo.gateway.GatewayConfiguration;
import io.opsplane.demo.inventory.InventoryConfiguration;
import io.opsplane.demo.order.OrderConfiguration;
import io.opsplane.demo.payment.PaymentConfiguration;

/**
 * The services of the demo shop: the three new services, the monolith they are replacing (the legacy shop, which
 * still takes orders itself) and the gateway that splits {@code POST /orders} between the two.
 */
public enum Role {
    ORDER(8091, OrderConfiguration.class, "order-service"),
    INVENTORY(8092, InventoryConfiguration.class, "inventory-service"),
    PAYMENT(8093, PaymentConfiguration.class, "payment-service"),
    /** The monolith's order taking: the order service's code, announcing through a Debezium-style outbox. */
    LEGACY(8094, OrderConfiguration.class, "legacy-shop"),
    GATEWAY(8090, GatewayConfiguration.class, "gateway");

    /** The roles that are the shop itself; the legacy shop and gateway come with the migration. */
    public static final List<Role> SHOP = List.of(ORDER, INVENTORY, PAYMENT);

    private final int defaultPort;
    private final Class<?> configuration;
    private final String serviceName;

    Role(int defaultPort, Class<?> configuration, String serviceName) {
        this.defaultPort = defaultPort;
        this.configuration = configuration;
        this.serviceName = serviceName;
    }

    /** "order", as in {@code --demo.service=order}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "order-service": the OpenTelemetry service name, the consumer group and the event source. */
    public String serviceName() {
        return serviceName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    Class<?> configuration() {
        return configuration;
    }

    /** What makes the roles apart; any of it can be overridden on the command line. */
    Map<String, Object> defaultProperties() {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "demo.service", id(),
                "spring.application.name", serviceName(),
                "server.port", defaultPort));
        if (this == GATEWAY) {
            // the gateway only forwards requests: no database, no Kafka
            properties.put("spring.flyway.enabled", false);
            properties.put("management.health.db.enabled", false);
            properties.put("management.health.kafka.enabled", false);
            return properties;
        }
        String schema = id() + "_svc";
        properties.putAll(Map.of(
                "spring.flyway.schemas", schema,
                "spring.flyway.locations", "classpath:db/common,classpath:db/" + (this == LEGACY ? "order" : id()),
                "spring.datasource.hikari.schema", schema,
                "spring.kafka.consumer.group-id", serviceName()));
        if (this == LEGACY) {
            properties.put("demo.order.announce", "debezium-outbox");
            properties.put("demo.outbox.trace-headers", "b3");
        }
        return properties;
    }

    static Role fromArguments(String[] args) {
        String value = System.getenv("DEMO_SERVICE");
        for (String arg : args) {
            if (arg.startsWith("--demo.service=")) {
                value = arg.substring("--demo.service=".length());
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("Which service? --demo.service is missing.");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown service '" + value + "'.");
        }
    }
}
