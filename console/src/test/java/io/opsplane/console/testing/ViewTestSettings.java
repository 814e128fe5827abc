package io.opsplane.console.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The settings every server-side view test ({@link BrowserlessViewTest}) runs with, without a line of its own: its
 * own database, the test Kafka, the order saga's definition on topics of its own, the test users and keys, no ingest
 * or stuck scan under the test (view tests write the sagas they show themselves), and no search cluster at all rather
 * than whatever a developer's local one holds. A test over telemetry says {@link Elasticsearch} on its class; one
 * that needs more changes the settings in a {@code @DynamicPropertySource} of its own, whose values come first,
 * with the methods here.
 */
public final class ViewTestSettings {

    /** Spring's name for the values of the tests' {@code @DynamicPropertySource} methods. */
    private static final String TEST_OWN = "Dynamic Test Properties";

    private ViewTestSettings() {
    }

    /** Telemetry from the shared test Elasticsearch node, in indices no other test uses. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Elasticsearch {
    }

    /** On a database with an owner role for migrations and the restricted application role, as deployed. */
    public static void database(DynamicPropertyRegistry registry, TestPostgres.RoleDatabase database) {
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::app);
        registry.add("spring.datasource.password", database::appPassword);
        registry.add("spring.flyway.user", database::owner);
        registry.add("spring.flyway.password", database::ownerPassword);
    }

    /** The order saga on the topics of {@code saga}, for a test that writes to them or reads their groups. */
    public static void sagaTopics(DynamicPropertyRegistry registry, OrderSaga saga) {
        registry.add("opsplane.sagas.locations", () -> saga.writeDefinition(Duration.ofMinutes(5)));
    }

    /** Telemetry from the shared test Elasticsearch node, in indices of {@code indexPrefix}. */
    public static void elasticsearch(DynamicPropertyRegistry registry, String indexPrefix) {
        registry.add("opsplane.elasticsearch.uris", TestElasticsearch::url);
        registry.add("opsplane.telemetry.index-prefix", () -> indexPrefix);
    }

    /** Gives every view test the settings; {@link BrowserlessViewTest} names it. */
    public static final class Factory implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                         List<ContextConfigurationAttributes> configurations) {
            return new Settings(testClass, testClass.isAnnotationPresent(Elasticsearch.class));
        }
    }

    /** A test class's own: its class is part of the cached context's key, so no two classes share a database. */
    private record Settings(Class<?> testClass, boolean elasticsearch) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            Map<String, Supplier<?>> settings = new LinkedHashMap<>();
            settings.put("spring.datasource.url", TestPostgres::newDatabase);
            settings.put("spring.datasource.username", () -> "postgres");
            settings.put("spring.datasource.password", () -> "postgres");
            settings.put("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
            settings.put("opsplane.sagas.locations",
                    () -> new OrderSaga(TestKafka.uniquePrefix()).writeDefinition(Duration.ofMinutes(5)));
            settings.put("opsplane.ingest.enabled", () -> "false");
            settings.put("opsplane.stuck.scan-interval", () -> "1h");
            settings.put("opsplane.lag.sample-interval", () -> "1h");
            // a pass at start would delete what view tests write with old dates
            settings.put("opsplane.retention.enabled", () -> "false");
            if (elasticsearch) {
                settings.put("opsplane.elasticsearch.uris", TestElasticsearch::url);
                String indexPrefix = TestElasticsearch.uniquePrefix();
                settings.put("opsplane.telemetry.index-prefix", () -> indexPrefix);
            } else {
                settings.put("opsplane.elasticsearch.uris", TestElasticsearch::unreachableUrl);
            }
            TestUsers.properties().forEach((name, value) -> settings.put(name, () -> value));
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            OnceEach source = new OnceEach("view test settings of " + testClass.getSimpleName(), settings);
            // below the test's own values (whichever customizer runs first), above application.yml
            if (sources.contains(TEST_OWN)) {
                sources.addAfter(TEST_OWN, source);
            } else {
                sources.addFirst(source);
            }
        }
    }

    /** Each value worked out once, when first read: no database is made for a test that names its own. */
    private static final class OnceEach extends EnumerablePropertySource<Map<String, Supplier<?>>> {

        private final Map<String, Object> values = new ConcurrentHashMap<>();

        OnceEach(String name, Map<String, Supplier<?>> settings) {
            super(name, settings);
        }

        @Override
        public String[] getPropertyNames() {
            return getSource().keySet().toArray(String[]::new);
        }

        @Override
        public Object getProperty(String name) {
            Supplier<?> setting = getSource().get(name);
            return setting == null ? null : values.computeIfAbsent(name, n -> setting.get());
        }
    }
}
