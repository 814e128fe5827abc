package io.opsplane.demo;

import java.util.Locale;
import java.util.Map;

import io.opsplane.demo.inventory.InventoryConfiguration;
import io.opsplane.demo.order.OrderConfiguration;
import io.opsplane.demo.payment.PaymentConfiguration;

/** The three services of the demo shop. */
public enum Role {
    ORDER(8091, OrderConfiguration.class),
    INVENTORY(8092, InventoryConfiguration.class),
    PAYMENT(8093, PaymentConfiguration.class);

    private final int defaultPort;
    private final Class<?> configuration;

    Role(int defaultPort, Class<?> configuration) {
        this.defaultPort = defaultPort;
        this.configuration = configuration;
    }

    /** "order", as in {@code --demo.service=order}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "order-service": the OpenTelemetry service name, the consumer group and the event source. */
    public String serviceName() {
        return id() + "-service";
    }

    public int defaultPort() {
        return defaultPort;
    }

    Class<?> configuration() {
        return configuration;
    }

    /** What makes the roles apart; any of it can be overridden on the command line. */
    Map<String, Object> defaultProperties() {
        String schema = id() + "_svc";
        return Map.of(
                "demo.service", id(),
                "spring.application.name", serviceName(),
                "server.port", defaultPort,
                "spring.flyway.schemas", schema,
                "spring.flyway.locations", "classpath:db/common,classpath:db/" + id(),
                "spring.datasource.hikari.schema", schema,
                "spring.kafka.consumer.group-id", serviceName());
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
