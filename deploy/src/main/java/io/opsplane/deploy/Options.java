package io.opsplane.deploy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's command line. {@code alertRules} is {@code deploy/alert-rules.yml} unless
 * {@code --alert-rules} names another file; {@code alertWebhook} is null when alerts are only shown, not sent.
 */
record Options(boolean help, boolean consoleOnly, boolean demo, double demoRate, boolean fastDb, int port, String dbUrl, String dbUser,
               String dbPassword, String kafka, String elasticsearch, Path alertRules, URI alertWebhook, Path root,
               Path stateDir, boolean openSearch) {

    static final String USAGE = """
            Usage: ./run [options]

            Starts PostgreSQL, Kafka, Elasticsearch, the Opsplane console and a demo shop whose sagas it
            watches, on this machine (no Docker, no configuration); state is kept in .opsplane/. Ctrl-C
            stops everything.

              --port N            the console's HTTP port (default 8080)
              --no-demo           do not start the demo shop (order, inventory and payment services)
              --demo-rate N       orders per second the demo places (default 1; 0 places none)
              --state-dir DIR     where data and logs go (default .opsplane/ in the repository)
              --fast-db           PostgreSQL without fsync and synchronous commits: faster, but a crash of
                                  this machine may lose the last commits or corrupt .opsplane/postgres
                                  (default: durable, as PostgreSQL ships)
              --alert-webhook URL send alerts to this webhook (Alertmanager's webhook format, e.g.
                                  http://127.0.0.1:9099/alerts); its host is allowed, alerts are grouped
                                  for 10 s before the first notification
              --alert-rules FILE  alert rules (default deploy/alert-rules.yml: stuck sagas, compensations
                                  not verified, order placements failing; format in docs/alerting.md)
              --backend NAME      the search engine started for traces and logs: elasticsearch (default,
                                  8.19) or opensearch (2.19)
              --console-only      start only the console, against existing services:
                --db-url URL        JDBC URL of PostgreSQL (e.g. jdbc:postgresql://db:5432/opsplane)
                --db-user USER      (default opsplane)
                --db-password PW    (default opsplane)
                --kafka HOST:PORT   Kafka bootstrap servers
                --elasticsearch URL Elasticsearch holding the traces and logs (default http://localhost:9200)
              --help              this text
            """;

    static Options parse(String[] args) {
        boolean help = false;
        boolean consoleOnly = false;
        boolean demo = true;
        boolean fastDb = false;
        double demoRate = 1;
        int port = 8080;
        String dbUrl = null;
        String dbUser = "opsplane";
        String dbPassword = "opsplane";
        String kafka = null;
        String elasticsearch = "http://localhost:9200";
        Path root = repositoryRoot();
        Path stateDir = null;
        Path alertRules = null;
        URI alertWebhook = null;
        boolean openSearch = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> help = true;
                case "--console-only" -> consoleOnly = true;
                case "--no-demo" -> demo = false;
                case "--fast-db" -> fastDb = true;
                case "--demo-rate" -> demoRate = rate(value(args, ++i, "--demo-rate"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, "--state-dir")).toAbsolutePath();
                case "--db-url" -> dbUrl = value(args, ++i, "--db-url");
                case "--db-user" -> dbUser = value(args, ++i, "--db-user");
                case "--db-password" -> dbPassword = value(args, ++i, "--db-password");
                case "--kafka" -> kafka = value(args, ++i, "--kafka");
                case "--elasticsearch" -> elasticsearch = value(args, ++i, "--elasticsearch");
                case "--alert-rules" -> alertRules = readableFile(value(args, ++i, "--alert-rules"));
                case "--alert-webhook" -> alertWebhook = webhook(value(args, ++i, "--alert-webhook"));
                case "--backend" -> openSearch = switch (value(args, ++i, "--backend")) {
                    case "elasticsearch" -> false;
                    case "opensearch" -> true;
                    default -> throw new IllegalArgumentException("--backend is elasticsearch or opensearch, not "
                            + args[i]);
                };
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (consoleOnly && (dbUrl == null || kafka == null)) {
            throw new IllegalArgumentException("--console-only needs --db-url and --kafka");
        }
        // the demo runs on the launcher's own PostgreSQL and Kafka
        return new Options(help, consoleOnly, demo && !consoleOnly, demoRate, fastDb, port, dbUrl, dbUser, dbPassword, kafka,
                elasticsearch, alertRules != null ? alertRules : root.resolve("deploy/alert-rules.yml"), alertWebhook,
                root, stateDir != null ? stateDir : root.resolve(".opsplane"), openSearch);
    }

    Path consoleJar() {
        return root.resolve("console/target/opsplane-console.jar");
    }

    Path demoJar() {
        return root.resolve("demo/target/opsplane-demo.jar");
    }

    /** The OpenTelemetry Java agent the demo build copies beside its jar. */
    Path demoAgent() {
        return root.resolve("demo/target/opentelemetry-javaagent.jar");
    }

    /** The agent's configuration per demo service ({@code order.properties}, …). */
    Path demoAgentConfigs() {
        return root.resolve("demo/otel");
    }

    /** Where the build unpacks the Elasticsearch (or, with {@code --backend opensearch}, OpenSearch) distribution. */
    Path elasticsearchDistribution() {
        return root.resolve(openSearch ? "deploy/target/opensearch" : "deploy/target/elasticsearch");
    }

    /** The search engine's name, as the launcher shows it and names its folders (lower case). */
    String searchEngine() {
        return openSearch ? "OpenSearch" : "Elasticsearch";
    }

    String sagaLocations() {
        return "file:" + root.resolve("deploy/sagas") + "/*.yml";
    }

    /** The launcher's own classpath: the broker child runs on it (it holds Kafka's jars). */
    String classpath() {
        return System.getProperty("java.class.path");
    }

    private static double rate(String text) {
        try {
            double rate = Double.parseDouble(text);
            if (rate >= 0 && rate <= 200) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--demo-rate is orders per second from 0 to 200, not " + text);
    }

    private static Path readableFile(String text) {
        Path file = Path.of(text).toAbsolutePath();
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IllegalArgumentException("--alert-rules: no readable file " + file);
        }
        return file;
    }

    private static URI webhook(String text) {
        try {
            URI url = new URI(text);
            if (("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                    && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("--alert-webhook is an http or https URL with a host, not " + text);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The folder holding mvnw and console/: found from the working directory upwards. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.isDirectory(d.resolve("console"))) {
                return d;
            }
        }
        return dir;
    }
}
