package io.opsplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A single-node Elasticsearch 8.19 from the distribution the build unpacks into
 * {@code deploy/target/elasticsearch}, or with {@code --backend opensearch} an OpenSearch 2.19 from
 * {@code deploy/target/opensearch}, with its configuration, data and logs in the state folder.
 * Elasticsearch refuses to run as root, so as root it runs as {@code nobody}; when {@code nobody}
 * cannot reach the state folder or the distribution (a checkout under {@code /root}, a private
 * temporary folder), they are kept under {@code /var/tmp} instead.
 */
final class ElasticsearchService implements LocalLauncher.ProcessEngine {

    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private final Path distribution;
    private Path home;
    private final Path log;
    private final boolean openSearch;
    /** The start script in {@code bin/}, which also names the environment variables ({@code ES_…}, {@code OPENSEARCH_…}). */
    private final String binary;
    private int port;
    private ChildProcess node;

    ElasticsearchService(Path distribution, Path home, Path log, boolean openSearch) {
        this.distribution = distribution;
        this.home = home;
        this.log = log;
        this.openSearch = openSearch;
        this.binary = openSearch ? "opensearch" : "elasticsearch";
    }

    @Override
    public void start(LocalLauncher.Progress progress) {
        Path install = install();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && !reachableByOthers(home)) {
            home = Path.of("/var/tmp", "opsplane-" + binary + "-"
                    + Integer.toHexString(home.toAbsolutePath().toString().hashCode()));
        }
        Path config = home.resolve("config");
        try {
            Files.createDirectories(home);
            if (root && !reachableByOthers(install)) {
                // beside the node's folder, not in it: that one is handed to nobody, and hard links share owners
                install = linkedCopy(install, home.resolveSibling(home.getFileName() + "-distribution"));
            }
            if (!Files.exists(config)) {
                copyTree(install.resolve("config"), config);
                // OpenSearch's jvm.options logs GC and crashes to logs/ under the distribution, which nobody may
                // not write: the node's own logs folder instead
                Path jvmOptions = config.resolve("jvm.options");
                String logs = home.resolve("logs").toAbsolutePath().toString();
                Files.writeString(jvmOptions, Files.readString(jvmOptions).replace("=logs/", "=" + logs + "/")
                        .replace("file=logs/", "file=" + logs + "/").replace("-Xloggc:logs/", "-Xloggc:" + logs + "/"));
            }
            for (String dir : List.of("data", "logs", "tmp")) {
                Files.createDirectories(home.resolve(dir));
            }
            Files.deleteIfExists(home.resolve("logs/http.ports"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if (root) {
            run("chown", "-R", "nobody:nogroup", home.toString());
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        if (port == 0) {
            // a restart keeps the address the console already uses
            port = ChildProcess.port(9200);
        }
        command.add(install.resolve("bin/" + binary).toString());
        if (!openSearch) {
            // OpenSearch's distribution has no security plugin, and no such setting
            command.addAll(List.of("-E", "xpack.security.enabled=false"));
        }
        command.addAll(List.of(
                "-E", "discovery.type=single-node",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + port,
                "-E", "transport.port=0",
                "-E", "path.data=" + home.resolve("data"),
                "-E", "path.logs=" + home.resolve("logs"),
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
        String env = openSearch ? "OPENSEARCH_" : "ES_";
        node = ChildProcess.start(name(), log, command, Map.of(
                env + "JAVA_HOME", javaHome(install),
                env + "PATH_CONF", config.toString(),
                env + "TMPDIR", home.resolve("tmp").toString(),
                env + "JAVA_OPTS", "-Xms512m -Xmx512m"));
        awaitReady(progress);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(LocalLauncher.Progress progress) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // GET / answers 405 on this distribution: cluster health tells readiness
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(3)).build();
        ChildProcess.awaitReady(List.of(node), READY_WITHIN, progress,
                () -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
                () -> name() + " did not become healthy within " + READY_WITHIN.toSeconds() + " s; the end of "
                        + log + ":\n" + node.tail(30));
    }

    private Path install() {
        try (Stream<Path> children = Files.isDirectory(distribution) ? Files.list(distribution) : Stream.empty()) {
            return children.filter(p -> Files.isExecutable(p.resolve("bin/" + binary))).findFirst()
                    .orElseThrow(() -> new LocalLauncher.StartFailure("no " + name() + " under " + distribution
                            + ": build it with ./mvnw -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This JVM's JDK, except for OpenSearch 2.x, which dies on Java 24+ ("Enabling a Security Manager is not
     * supported"): then {@code OPENSEARCH_JAVA_HOME} if set, else a Java 21 or 17 from the system's JVM folder.
     */
    private String javaHome(Path install) {
        String own = System.getProperty("java.home");
        if (!openSearch || !install.getFileName().toString().startsWith("opensearch-2.")
                || Runtime.version().feature() <= 21) {
            return own;
        }
        String configured = System.getenv("OPENSEARCH_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String version : List.of("21", "17")) {
            try (Stream<Path> jdks = Files.isDirectory(Path.of("/usr/lib/jvm")) ? Files.list(Path.of("/usr/lib/jvm"))
                    : Stream.empty()) {
                var found = jdks.filter(p -> p.getFileName().toString().matches(".*-" + version + "(-.*)?"))
                        .filter(p -> Files.isExecutable(p.resolve("bin/java"))).sorted().findFirst();
                if (found.isPresent()) {
                    return found.get().toString();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new LocalLauncher.StartFailure("OpenSearch 2.x needs Java 17 or 21: set OPENSEARCH_JAVA_HOME");
    }

    /** Whether a user other than the owner can reach {@code path}: every folder on the way lets others through. */
    private static boolean reachableByOthers(Path path) {
        try {
            for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(
                        java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A copy of the distribution that others can read: hard links where the file system allows, else a copy. */
    private static Path linkedCopy(Path install, Path target) throws IOException {
        Path copy = target.resolve(install.getFileName());
        if (!Files.exists(copy.resolve("bin/elasticsearch")) && !Files.exists(copy.resolve("bin/opensearch"))) {
            Files.createDirectories(target);
            try {
                run("cp", "-al", install.toString(), target.toString());
            } catch (LocalLauncher.StartFailure notSameFileSystem) {
                run("cp", "-a", install.toString(), target.toString());
            }
        }
        return copy;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    private static void run(String... command) {
        try {
            if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
                throw new LocalLauncher.StartFailure(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalLauncher.StartFailure("interrupted");
        }
    }

    @Override
    public String name() {
        return openSearch ? "OpenSearch" : "Elasticsearch";
    }

    @Override
    public ChildProcess process() {
        return node;
    }
}
