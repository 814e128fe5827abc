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

    /** On a new database, connected as the postgres superuser; Elasticsearch as the answer says. */
    public static Search register(DynamicPropertyRegistry registry, String prefix) {
        registry.add("spring.datasource.url", TestPostgres::newDatabase);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        common(registry, prefix);
        return new Search(registry);
    }

    /** On a database with an owner role for migrations and the restricted application role, as deployed. */
    public static Search register(DynamicPropertyRegistry registry, String prefix, TestPostgres.RoleDatabase database) {
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::app);
        registry.add("spring.datasource.password", database::appPassword);
        registry.add("spring.flyway.user", database::owner);
        registry.add("spring.flyway.password", database::ownerPassword);
        common(registry, prefix);
        return new Search(registry);
    }

    /** Where the view test's telemetry comes from; left unsaid, from the default (a local node, if any). */
    public record Search(DynamicPropertyRegistry registry) {

        /** From the shared test Elasticsearch node, in indices no other test uses. */
        public void elasticsearch() {
            elasticsearch(TestElasticsearch.uniquePrefix());
        }

        /** From the shared test Elasticsearch node, in indices of {@code indexPrefix}. */
        public void elasticsearch(String indexPrefix) {
            registry.add("opsplane.elasticsearch.uris", TestElasticsearch::url);
            registry.add("opsplane.telemetry.index-prefix", () -> indexPrefix);
        }

        /** From nowhere: no search cluster at all, rather than whatever a developer's local one holds. */
        public void elasticsearchAway() {
            String unreachable = TestElasticsearch.unreachableUrl();
            registry.add("opsplane.elasticsearch.uris", () -> unreachable);
        }
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
