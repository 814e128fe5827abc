package io.opsplane.deploy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo shop (demo/, see docs/demo.md): the order, inventory and payment services, the legacy shop they are
 * replacing and the gateway splitting orders between the two, as child JVMs with the OpenTelemetry Java agent
 * attached, on the launcher's PostgreSQL (database {@code shop}) and Kafka, sending traces and logs to the console
 * (the legacy shop its spans as Zipkin). Ready when all answer UP; the order service then places orders at the
 * chosen rate through the gateway.
 */
final class DemoServices implements LocalLauncher.Service {

    /** The names of the services, as in {@code --demo.service}, with their preferred ports. */
    static final Map<String, Integer> SERVICES = Map.of("order", 8091, "inventory", 8092, "payment", 8093,
            "legacy", 8094, "gateway", 8090);
    private static final List<String> ORDER = List.of("order", "inventory", "payment", "legacy", "gateway");
    /** The share of orders the gateway sends to the new order service at first: a migration under way. */
    static final int INITIAL_ORDER_SERVICE_SHARE = 50;
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);

    /** Where the services run from and what they connect to. */
    record Setup(Path jar, Path agent, Path agentConfigs, Path logs, String jdbcUrl, String dbUser, String dbPassword,
                 String kafka, String otlpEndpoint, IngestKey ingestKey, double ordersPerSecond) {
    }

    private final Setup setup;
    private final Map<String, ChildProcess> running = new LinkedHashMap<>();
    private final Map<String, String> urls = new LinkedHashMap<>();

    DemoServices(Setup setup) {
        this.setup = setup;
    }

    void start(LocalLauncher.Progress progress) {
        for (Path needed : List.of(setup.jar(), setup.agent())) {
            if (!Files.exists(needed)) {
                throw new LocalLauncher.StartFailure(needed + " is missing: build it with ./mvnw -DskipTests package");
            }
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : ORDER) {
            int port = ChildProcess.port(SERVICES.get(service));
            ports.put(service, port);
            urls.put(service, "http://localhost:" + port);
        }
        for (String service : ORDER) {
            running.put(service, ChildProcess.start("The demo's " + service + " service",
                    setup.logs().resolve("demo-" + service + ".log"), command(service, ports.get(service)),
                    environment()));
        }
        awaitHealthy(progress);
    }

    private List<String> command(String service, int port) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-javaagent:" + setup.agent(),
                "-Dotel.javaagent.configuration-file=" + setup.agentConfigs().resolve(service + ".properties"),
                "-Dotel.exporter.otlp.endpoint=" + setup.otlpEndpoint()));
        if (service.equals("legacy")) {
            // traced as a Brave-era monolith is: Zipkin spans, sent from the loopback without a key
            command.add("-Dotel.exporter.zipkin.endpoint=" + setup.otlpEndpoint() + "/api/v2/spans");
        }
        command.addAll(List.of("-jar", setup.jar().toString(), "--demo.service=" + service, "--server.port=" + port));
        switch (service) {
            case "order" -> {
                // orders enter at the edge, as a shop front's would
                command.add("--demo.load.target=" + urls.get("gateway"));
                if (setup.ordersPerSecond() > 0) {
                    command.add("--demo.load.rate=" + setup.ordersPerSecond());
                }
            }
            case "gateway" -> command.addAll(List.of("--demo.gateway.order-url=" + urls.get("order"),
                    "--demo.gateway.legacy-url=" + urls.get("legacy"),
                    "--demo.gateway.order-service-share=" + INITIAL_ORDER_SERVICE_SHARE));
            default -> { }
        }
        return command;
    }

    /**
     * Connections and credentials go in the environment, not on the command line, where anyone's
     * ps would show them, and so would the agent's process.command_args resource attribute.
     */
    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>(Map.of(
                "DEMO_DB_URL", setup.jdbcUrl(),
                "DEMO_DB_USER", setup.dbUser(),
                "DEMO_DB_PASSWORD", setup.dbPassword(),
                "DEMO_KAFKA", setup.kafka()));
        if (setup.ingestKey() != null) {
            // the agents' own key (role INGEST), which can send telemetry and do nothing else
            environment.put("OTEL_EXPORTER_OTLP_HEADERS", setup.ingestKey().exporterHeaders());
        }
        return environment;
    }

    private void awaitHealthy(LocalLauncher.Progress progress) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<String> waiting = new ArrayList<>(ORDER);
        ChildProcess.awaitReady(running.values(), READY_WITHIN, progress, () -> {
            for (String service : List.copyOf(waiting)) {
                if (ChildProcess.actuatorUp(http, urls.get(service))) {
                    waiting.remove(service);
                }
            }
            return waiting.isEmpty();
        }, () -> "the demo's " + waiting.getFirst() + " service did not become healthy within "
                + READY_WITHIN.toMinutes() + " minutes:\n" + running.get(waiting.getFirst()).tail(30));
    }

    /** Service name → base URL. */
    Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    List<Long> pids() {
        return running.values().stream().map(ChildProcess::pid).toList();
    }

    @Override
    public String name() {
        return "the demo shop";
    }

    @Override
    public String problem() {
        for (ChildProcess child : running.values()) {
            String problem = child.problem();
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    @Override
    public void stop() {
        running.values().forEach(ChildProcess::stop);
    }
}
