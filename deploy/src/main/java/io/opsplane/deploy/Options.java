package io.opsplane.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The launcher's command line. */
record Options(boolean help, boolean consoleOnly, int port, String dbUrl, String dbUser, String dbPassword,
               String kafka, String elasticsearch, Path root, Path stateDir) {

    static final String USAGE = """
            Usage: ./run [options]

            Starts PostgreSQL, Kafka, Elasticsearch and the Opsplane console on this machine (no Docker, no
            configuration); state is kept in .opsplane/. Ctrl-C stops everything.

              --port N            the console's HTTP port (default 8080)
              --state-dir DIR     where data and logs go (default .opsplane/ in the repository)
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
        int port = 8080;
        String dbUrl = null;
        String dbUser = "opsplane";
        String dbPassword = "opsplane";
        String kafka = null;
        String elasticsearch = "http://localhost:9200";
        Path root = repositoryRoot();
        Path stateDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> help = true;
                case "--console-only" -> consoleOnly = true;
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, "--state-dir")).toAbsolutePath();
                case "--db-url" -> dbUrl = value(args, ++i, "--db-url");
                case "--db-user" -> dbUser = value(args, ++i, "--db-user");
                case "--db-password" -> dbPassword = value(args, ++i, "--db-password");
                case "--kafka" -> kafka = value(args, ++i, "--kafka");
                case "--elasticsearch" -> elasticsearch = value(args, ++i, "--elasticsearch");
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (consoleOnly && (dbUrl == null || kafka == null)) {
            throw new IllegalArgumentException("--console-only needs --db-url and --kafka");
        }
        return new Options(help, consoleOnly, port, dbUrl, dbUser, dbPassword, kafka, elasticsearch, root,
                stateDir != null ? stateDir : root.resolve(".opsplane"));
    }

    Path consoleJar() {
        return root.resolve("console/target/opsplane-console.jar");
    }

    /** Where the build unpacks the Elasticsearch distribution. */
    Path elasticsearchDistribution() {
        return root.resolve("deploy/target/elasticsearch");
    }

    String sagaLocations() {
        return "file:" + root.resolve("deploy/sagas") + "/*.yml";
    }

    /** The launcher's own classpath: the broker child runs on it (it holds Kafka's jars). */
    String classpath() {
        return System.getProperty("java.class.path");
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
