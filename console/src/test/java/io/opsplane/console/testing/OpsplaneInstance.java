package io.opsplane.console.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.opsplane.console.OpsplaneApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A whole Opsplane application, started as users start it, on the shared test PostgreSQL and Kafka.
 * Several may run at once on one database, as a cluster would.
 */
public final class OpsplaneInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private OpsplaneInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static Builder on(String databaseUrl, String sagaLocations) {
        return new Builder(databaseUrl, sagaLocations);
    }

    /** On a new database, tracking an order saga that the test may leave alone (stuck only after a minute). */
    public static Builder withOrderSaga() {
        return on(TestPostgres.newDatabase(), OrderSaga.create().writeDefinition(Duration.ofMinutes(1)));
    }

    /** Migrations as the database's owner, the console itself as its restricted application role. */
    public static Builder on(TestPostgres.RoleDatabase database, String sagaLocations) {
        return new Builder(database.url(), sagaLocations)
                .property("spring.datasource.username", database.app())
                .property("spring.datasource.password", database.appPassword())
                .property("spring.flyway.user", database.owner())
                .property("spring.flyway.password", database.ownerPassword());
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The bean of this name, for a type of which the instance has several. */
    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    /** Calls {@code listener} with every application event of {@code type} the instance publishes from now on. */
    public <E> void onEvent(Class<E> type, java.util.function.Consumer<E> listener) {
        context.addApplicationListener(event -> {
            Object payload = event instanceof org.springframework.context.PayloadApplicationEvent<?> p ? p.getPayload() : event;
            if (type.isInstance(payload)) {
                listener.accept(type.cast(payload));
            }
        });
    }

    /** The HTTP API, as a script or another tool would call it, signed in as the test admin. */
    public ApiClient api() {
        return new ApiClient(baseUrl());
    }

    public String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }

    public static final class Builder {
        private final Map<String, Object> properties = new HashMap<>();

        private Builder(String databaseUrl, String sagaLocations) {
            properties.put("spring.datasource.url", databaseUrl);
            properties.put("spring.datasource.username", "postgres");
            properties.put("spring.datasource.password", "postgres");
            properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
            properties.put("opsplane.sagas.locations", sagaLocations);
            properties.put("opsplane.ingest.group-id", "opsplane-" + TestKafka.uniquePrefix());
            properties.put("opsplane.stuck.scan-interval", "500ms");
            // each sample asks the shared test broker about every group all tests made; tests that watch lag ask
            // for it (opsplane.lag.sample-interval=1s)
            properties.put("opsplane.lag.sample-interval", "1h");
            // a pass at start would delete what tests write with old dates; retention tests switch it on
            properties.put("opsplane.retention.enabled", "false");
            properties.put("server.port", "0");
            // no search engine unless the test asks for one: the default, localhost:9200, may answer on a machine
            // where ./run is up, and tests that expect none then see one
            elasticsearchAway();
            // Quartz keeps each scheduler's connection provider in a JVM-wide registry by scheduler name: instances
            // on different databases in one test JVM need names of their own, or one's jobs run on the other's pool
            properties.put("spring.quartz.properties.org.quartz.scheduler.instanceName",
                    "opsplane-" + Integer.toHexString(databaseUrl.hashCode()));
            properties.put("spring.main.banner-mode", "off");
            properties.putAll(TestUsers.properties());
        }

        public Builder property(String name, Object value) {
            properties.put(name, value);
            return this;
        }

        /** Telemetry from the shared test Elasticsearch node, in indices of its own. */
        public Builder elasticsearch(String indexPrefix) {
            property("opsplane.elasticsearch.uris", TestElasticsearch.url());
            return property("opsplane.telemetry.index-prefix", indexPrefix);
        }

        /** Telemetry from the shared test Elasticsearch node, in indices no other test uses. */
        public Builder elasticsearch() {
            return elasticsearch(TestElasticsearch.uniquePrefix());
        }

        /** Telemetry from the shared test node of {@code engine} (Elasticsearch or OpenSearch), in indices of its own. */
        public Builder searchEngine(TestSearchEngine engine, String indexPrefix) {
            property("opsplane.elasticsearch.uris", engine.url());
            return property("opsplane.telemetry.index-prefix", indexPrefix);
        }

        /** Elasticsearch away: nothing answers where the instance looks for it (the default; named where it matters). */
        public Builder elasticsearchAway() {
            return property("opsplane.elasticsearch.uris", TestElasticsearch.unreachableUrl());
        }

        public Builder groupId(String groupId) {
            return property("opsplane.ingest.group-id", groupId);
        }

        public Builder node(String name) {
            return property("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
        }

        /**
         * Starts the same application in a JVM of its own on {@code port}, logging to {@code log}: a replica a test
         * can kill -9. Answers the process; the caller waits for it to be ready.
         */
        public Process startProcess(int port, java.nio.file.Path log) {
            return startProcess(port, log, java.util.List.of("-Xmx512m"));
        }

        /** {@link #startProcess(int, java.nio.file.Path)} with the JVM's options (heap, collector) of the caller's. */
        public Process startProcess(int port, java.nio.file.Path log, java.util.List<String> jvmOptions) {
            java.util.List<String> command = new java.util.ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"),
                    OpsplaneApplication.class.getName()));
            properties.forEach((name, value) -> command.add("--" + name + "=" + (name.equals("server.port") ? port : value)));
            try {
                return new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public OpsplaneInstance start() {
            // as command-line arguments, so they win over application.yml as an operator's would
            String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            return new OpsplaneInstance(new SpringApplicationBuilder(OpsplaneApplication.class).run(args));
        }
    }
}
