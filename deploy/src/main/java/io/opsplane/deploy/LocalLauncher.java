package io.opsplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts Opsplane on this machine with nothing installed but a JDK: PostgreSQL (embedded
 * binaries), a Kafka broker (KRaft, as a child JVM), Elasticsearch (the Maven Central distribution)
 * and the console (a child JVM), each shown as a
 * step with its progress. State lives in {@code .opsplane/} under the repository, so a restart keeps
 * it. While it runs it supervises the engines: one that dies is said so and restarted with backoff, on the same
 * address, while everything else keeps running. Ctrl-C stops everything, the console first.
 */
public final class LocalLauncher {

    private final Options options;
    private final AlertSettings alerts;
    private final List<Service> started = new ArrayList<>();
    /** Set once stopping begins: children ending then are expected, not failures. */
    private volatile boolean stopping;
    private final Map<String, Integer> restarts = new java.util.concurrent.ConcurrentHashMap<>();

    LocalLauncher(Options options) {
        this.options = options;
        this.alerts = new AlertSettings(options.alertRules(), options.alertWebhook());
    }

    public static void main(String[] args) {
        // before any logger exists: the admin client's retries while Kafka starts are not news
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println();
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        LocalLauncher launcher = new LocalLauncher(options);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "opsplane-stop"));
        try {
            Endpoints endpoints = launcher.start();
            launcher.printWelcome(endpoints);
            String fatal = launcher.supervise();
            if (fatal != null) {
                System.err.println(fatal);
                System.exit(1);
            }
        } catch (StartFailure e) {
            System.err.println();
            System.err.println("Opsplane did not start: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Where the running parts answer; {@code demo} maps each demo service to its URL (empty without the demo). */
    record Endpoints(String jdbcUrl, String dbUser, String dbPassword, String kafka, String elasticsearch,
                     String consoleUrl, AdminUser admin, Map<String, String> demo) {
    }

    Endpoints start() {
        Path state = options.stateDir();
        Path logs = state.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Progress progress = new Progress(options.consoleOnly() ? 1 : options.demo() ? 5 : 4);
        PostgresService postgres = null;
        String jdbcUrl = options.dbUrl();
        String dbUser = options.dbUser();
        String dbPassword = options.dbPassword();
        // with the embedded PostgreSQL, migrations run as the owner and the console as a role that cannot rewrite
        // the audit log; with --db-url, OPSPLANE_DB_OWNER_USER/_PASSWORD in the environment name the owner
        String dbOwner = null;
        String dbOwnerPassword = null;
        String kafka = options.kafka();
        String elasticsearch = options.elasticsearch();
        if (!options.consoleOnly()) {
            progress.step("PostgreSQL");
            postgres = new PostgresService(state.resolve("postgres"), options.fastDb());
            started.add(postgres);
            postgres.start();
            progress.detail(postgres.durability());
            jdbcUrl = postgres.jdbcUrl();
            dbUser = PostgresService.CONSOLE_USER;
            dbPassword = PostgresService.CONSOLE_PASSWORD;
            dbOwner = PostgresService.CONSOLE_OWNER;
            dbOwnerPassword = PostgresService.CONSOLE_OWNER_PASSWORD;
            progress.done("ready on " + jdbcUrl);

            progress.step("Kafka");
            KafkaService broker = new KafkaService(options.classpath(), state.resolve("kafka"), logs.resolve("kafka.log"));
            started.add(broker);
            broker.start(progress);
            kafka = broker.bootstrapServers();
            progress.done("ready on " + kafka);

            String engine = options.searchEngine();
            progress.step(engine);
            ElasticsearchService search = new ElasticsearchService(options.elasticsearchDistribution(),
                    state.resolve(engine.toLowerCase()), logs.resolve(engine.toLowerCase() + ".log"),
                    options.openSearch());
            started.add(search);
            search.start(progress);
            elasticsearch = search.url();
            progress.done("ready on " + elasticsearch);
        }
        progress.step("Opsplane console");
        AdminUser admin = AdminUser.inStateDir(state);
        IngestKey ingestKey = IngestKey.inStateDir(state);
        ConsoleService console = new ConsoleService(options.consoleJar(), options.port(), logs.resolve("console.log"),
                consoleArguments(jdbcUrl, dbUser, dbPassword, dbOwner, dbOwnerPassword, kafka, elasticsearch, admin,
                        ingestKey), alerts.consoleEnvironment());
        started.add(console);
        console.start(progress);
        progress.done("ready on " + console.url());

        Map<String, String> demo = Map.of();
        if (options.demo()) {
            progress.step("Demo shop");
            DemoServices shop = new DemoServices(new DemoServices.Setup(options.demoJar(), options.demoAgent(),
                    options.demoAgentConfigs(), logs, postgres.ensureDatabase("shop"), PostgresService.USER,
                    PostgresService.PASSWORD, kafka, console.url(), ingestKey, options.demoRate()));
            started.add(shop);
            shop.start(progress);
            demo = shop.urls();
            progress.done("order, inventory and payment services ready");
        }
        return new Endpoints(jdbcUrl, dbUser, dbPassword, kafka, elasticsearch, console.url(), admin, demo);
    }

    private List<String> consoleArguments(String jdbcUrl, String dbUser, String dbPassword, String dbOwner,
                                          String dbOwnerPassword, String kafka, String elasticsearch, AdminUser admin,
                                          IngestKey ingestKey) {
        List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + dbUser,
                "--spring.datasource.password=" + dbPassword,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--opsplane.elasticsearch.uris=" + elasticsearch,
                "--opsplane.sagas.locations=" + options.sagaLocations(),
                // alert links lead to this console, whatever its port
                "--opsplane.external-url=" + ConsoleService.url(options.port())));
        if (dbOwner != null) {
            arguments.add("--spring.flyway.user=" + dbOwner);
            arguments.add("--spring.flyway.password=" + dbOwnerPassword);
        }
        if (options.demo()) {
            // the demo's monolith: marked legacy for the migration view, and its Zipkin reporter (which cannot
            // send a key) admitted from this machine
            arguments.add("--opsplane.migration.legacy-services=legacy-shop");
            arguments.add("--opsplane.migration.gateway-services=gateway");
            arguments.add("--opsplane.security.ingest-networks=127.0.0.1/32,::1/128");
            // faults are switched on to watch what follows: lag shows within seconds, well before a step times out
            arguments.add("--opsplane.lag.sample-interval=5s");
        }
        arguments.addAll(alerts.consoleArguments());
        arguments.addAll(admin.consoleArguments());
        arguments.addAll(ingestKey.consoleArguments());
        return arguments;
    }

    /** The processes started for the broker, Elasticsearch, the console and the demo (PostgreSQL's are its own). */
    List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        for (Service service : started) {
            if (service instanceof OneProcess one) {
                pids.add(one.process().pid());
            } else if (service instanceof DemoServices shop) {
                pids.addAll(shop.pids());
            }
        }
        return pids;
    }

    private void printWelcome(Endpoints endpoints) {
        System.out.printf("""

                Opsplane is running.
                  Console        %1$s
                  Sign in as     %7$s / %8$s   (kept in %9$s)
                  Sagas (REST)   %1$s/api/sagas   (HTTP Basic, same user)
                  OpenAPI        %1$s/v3/api-docs
                  Health         %1$s/actuator/health
                  OTLP/HTTP      %1$s/v1/traces and %1$s/v1/logs   (Authorization: Bearer <the ingest key in %12$s>)
                  Jaeger API     %1$s/jaeger/api   (Grafana's Jaeger data source, Jaeger UI; same user)
                  Alerts         %11$s
                  Kafka          %2$s   (saga events on the topics in %3$s)
                  %14$-15s%6$s
                  PostgreSQL     %4$s   (%13$s)
                  Logs           %5$s
                %10$sAn engine that stops is restarted by itself. Press Ctrl-C to stop everything.
                %n""", endpoints.consoleUrl(), endpoints.kafka(), options.sagaLocations(), endpoints.jdbcUrl(),
                options.stateDir().resolve("logs"), endpoints.elasticsearch(), endpoints.admin().name(),
                endpoints.admin().password(), AdminUser.file(options.stateDir()), demoWelcome(endpoints.demo()),
                alerts.describe(), IngestKey.file(options.stateDir()), postgresDurability(), options.searchEngine());
    }

    private String postgresDurability() {
        return started.stream().filter(PostgresService.class::isInstance).map(p -> ((PostgresService) p).durability())
                .findFirst().orElse("yours");
    }

    private String demoWelcome(Map<String, String> demo) {
        if (demo.isEmpty()) {
            return "";
        }
        return """

                The demo shop places orders, %4$s a second, through its gateway (docs/demo.md):
                  Gateway            %5$s   POST /orders to the legacy shop or the order service
                  Split              curl -X POST '%5$s/gateway/split?orderService=80'   (now %7$s %% to the order service)
                  Legacy shop        %6$s   the monolith: Zipkin spans, B3, a Debezium-style outbox
                  Order service      %1$s   POST /orders, GET /orders/{id}, POST /orders/{id}/refund
                  Inventory service  %2$s   GET /stock/{product}
                  Payment service    %3$s   GET /payments/{orderId}
                  Load               curl -X POST '%1$s/load?rate=5'   (DELETE %1$s/load stops it)
                  Faults             curl -X POST %3$s/faults/payment-timeout    sagas get stuck at charge-payment
                                     curl -X POST %2$s/faults/inventory-drop     StockReserved is never published
                                     curl -X POST %1$s/faults/stop               the order service stops consuming
                                     (curl -X DELETE the same URL turns a fault off; GET <service>/faults lists them)
                """.formatted(demo.get("order"), demo.get("inventory"), demo.get("payment"),
                BigDecimal.valueOf(options.demoRate()).stripTrailingZeros().toPlainString(), demo.get("gateway"),
                demo.get("legacy"), DemoServices.INITIAL_ORDER_SERVICE_SHARE);
    }

    /**
     * Watches everything until stopping. An engine that dies is said so and restarted, after 1 s, then 2, 4… up to
     * 30 s while it keeps dying (back to 1 s once it has run a minute); the console and the demo go on, and find it
     * again by themselves. Answers what ended the watch: null when stopping, otherwise the console or a demo service
     * that died, with its log's tail (those are not restarted: their failure is news, not weather).
     */
    String supervise() {
        Map<Engine, Long> healthySince = new java.util.HashMap<>();
        Map<Engine, Integer> failures = new java.util.HashMap<>();
        while (!stopping) {
            for (Service service : List.copyOf(started)) {
                String problem = service.problem();
                if (problem == null || stopping) {
                    if (service instanceof Engine engine && System.nanoTime() - healthySince.getOrDefault(engine,
                            System.nanoTime()) > Duration.ofMinutes(1).toNanos()) {
                        failures.remove(engine);
                    }
                    continue;
                }
                if (!(service instanceof Engine engine)) {
                    return stopping ? null : problem;
                }
                int failure = failures.merge(engine, 1, Integer::sum);
                Duration backoff = Duration.ofSeconds(Math.min(30, 1L << Math.min(failure - 1, 5)));
                String why = problem.lines().findFirst().orElse(engine.name() + " stopped")
                        .replaceFirst("\\. The end of .*$", "");
                System.err.printf("%n%s unexpectedly. Restarting it in %d s (restart %d); everything else keeps "
                                + "running. Its log: %s%n", why, backoff.toSeconds(),
                        restarts.getOrDefault(engine.name(), 0) + 1, engine.log());
                if (!pause(backoff)) {
                    return null;
                }
                long began = System.nanoTime();
                try {
                    engine.restart(new Progress(0));
                    restarts.merge(engine.name(), 1, Integer::sum);
                    healthySince.put(engine, System.nanoTime());
                    System.err.printf("%s is back (%.1f s).%n", engine.name(), (System.nanoTime() - began) / 1e9);
                } catch (RuntimeException e) {
                    if (stopping) {
                        return null;
                    }
                    System.err.println(engine.name() + " did not come back: " + e.getMessage());
                }
            }
            if (!pause(Duration.ofSeconds(1))) {
                return null;
            }
        }
        return null;
    }

    /** Sleeps; false when interrupted or stopping, which ends the watch. */
    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How often each engine has been restarted by {@link #supervise()}, by name. */
    Map<String, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    /** Stops what was started, newest first, so the console lets go of Kafka and PostgreSQL before they go. */
    synchronized void stop() {
        stopping = true;
        if (started.isEmpty()) {
            return;
        }
        System.out.println();
        for (int i = started.size() - 1; i >= 0; i--) {
            Service service = started.get(i);
            System.out.print("Stopping " + service.name() + "… ");
            System.out.flush();
            service.stop();
            System.out.println("stopped");
        }
        started.clear();
    }

    /** One part the launcher runs. */
    interface Service {
        String name();

        /** Null while healthy; otherwise what went wrong, with the tail of its log. */
        String problem();

        void stop();
    }

    /** An engine the console stands on: restarted by {@link #supervise()} when it dies. */
    interface Engine extends Service {
        /** Starts it again on the same address and data; answers once it serves. */
        void restart(Progress progress);

        /** Where to look for why it died. */
        String log();
    }

    /** A service that is one child process: its problem and its stop are the process's, none before it starts. */
    interface OneProcess extends Service {
        /** Null until the service has started it. */
        ChildProcess process();

        @Override
        default String problem() {
            return process() == null ? null : process().problem();
        }

        @Override
        default void stop() {
            if (process() != null) {
                process().stop();
            }
        }
    }

    /**
     * An engine that is one child process: restarted by starting it again (its start keeps the address and data),
     * and where to look for why it died is the file that process writes.
     */
    interface ProcessEngine extends OneProcess, Engine {
        void start(Progress progress);

        @Override
        default void restart(Progress progress) {
            start(progress);
        }

        @Override
        default String log() {
            return process() == null ? null : process().log().toString();
        }
    }

    static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }

    /** "[2/3] Kafka … ready on 127.0.0.1:9092 (3.9 s)" */
    static final class Progress {
        private final int steps;
        private int step;
        private long began;

        Progress(int steps) {
            this.steps = steps;
        }

        void step(String name) {
            step++;
            began = System.nanoTime();
            System.out.printf("[%d/%d] %s … ", step, steps, name);
            System.out.flush();
        }

        void waiting() {
            if (steps > 0) {
                System.out.print(".");
                System.out.flush();
            }
        }

        /** A fact about the current step, shown before it is ready. */
        void detail(String text) {
            System.out.print("(" + text + ") ");
            System.out.flush();
        }

        void done(String detail) {
            System.out.printf("%s (%.1f s)%n", detail, (System.nanoTime() - began) / 1e9);
        }
    }
}
