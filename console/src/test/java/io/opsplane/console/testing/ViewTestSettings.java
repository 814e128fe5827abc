package io.opsplane.console.testing;

import java.time.Duration;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings every server-side view test shares: its own database, the test Kafka, the order saga's definition
 * on topics of {@code prefix}, the test users and keys, and no ingest or stuck scan running under the test (view
 * tests write the sagas they show themselves).
 */
public final class ViewTestSettings {

    private ViewTestSettings() {
    }

    /** On a new database, connected as the postgres superuser. */
    public static void register(DynamicPropertyRegistry registry, String prefix) {
        registry.add("spring.datasource.url", TestPostgres::newDatabase);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        common(registry, prefix);
    }

    /** On a database with an owner role for migrations and the restricted application role, as deployed. */
    public static void register(DynamicPropertyRegistry registry, String prefix, TestPostgres.RoleDatabase database) {
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::app);
        registry.add("spring.datasource.password", database::appPassword);
        registry.add("spring.flyway.user", database::owner);
        registry.add("spring.flyway.password", database::ownerPassword);
        common(registry, prefix);
    }

    private static void common(DynamicPropertyRegistry registry, String prefix) {
        OrderSaga saga = new OrderSaga(prefix);
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("opsplane.sagas.locations", () -> saga.writeDefinition(Duration.ofMinutes(5)));
        registry.add("opsplane.ingest.enabled", () -> "false");
        registry.add("opsplane.stuck.scan-interval", () -> "1h");
        registry.add("opsplane.lag.sample-interval", () -> "1h");
        // a pass at start would delete what view tests write with old dates
        registry.add("opsplane.retention.enabled", () -> "false");
        TestUsers.properties().forEach((name, value) -> registry.add(name, () -> value));
    }
}
