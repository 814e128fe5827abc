package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real search engine node for tests, one per kind per test JVM, started on first use (tests that never ask for
 * OpenSearch pay nothing for it): Elasticsearch 8.19 from {@code target/elasticsearch}, OpenSearch 2.19 from
 * {@code target/opensearch}, both unpacked by the build. Tests keep apart by index prefix ({@link #uniquePrefix()}).
 * Neither engine runs as root, so as root they run as {@code nobody} (see shared/notes/stack.md).
 */
public final class TestSearchEngine {

    /** The engines Opsplane supports, with what differs in starting them. */
    public enum Kind {
        ELASTICSEARCH("elasticsearch", "ES_", "opsplane.es.home", "target/elasticsearch"),
        OPENSEARCH("opensearch", "OPENSEARCH_", "opsplane.opensearch.home", "target/opensearch");

        final String binary;
        final String envPrefix;
        final String homeProperty;
        final String defaultHome;

        Kind(String binary, String envPrefix, String homeProperty, String defaultHome) {
            this.binary = binary;
            this.envPrefix = envPrefix;
            this.homeProperty = homeProperty;
            this.defaultHome = defaultHome;
        }
    }

    /** Longer on a machine busy with other builds: -Dopsplane.search.start-timeout-s=300. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("opsplane.search.start-timeout-s", 90));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestSearchEngine ELASTICSEARCH = new TestSearchEngine(Kind.ELASTICSEARCH);
    private static final TestSearchEngine OPENSEARCH = new TestSearchEngine(Kind.OPENSEARCH);

    private final Kind kind;
    private String url;
    private Process process;

    private TestSearchEngine(Kind kind) {
        this.kind = kind;
    }

    public static TestSearchEngine elasticsearch() {
        return ELASTICSEARCH;
    }

    public static TestSearchEngine openSearch() {
        return OPENSEARCH;
    }

    /**
     * The node a test class runs on: OpenSearch for a class marked {@link OnOpenSearch}, else Elasticsearch. Asked
     * in a static {@code @BeforeAll}, where {@code test} names the class actually run (a subclass, say).
     */
    public static TestSearchEngine of(org.junit.jupiter.api.TestInfo test) {
        return test.getTestClass().filter(c -> c.isAnnotationPresent(OnOpenSearch.class)).isPresent()
                ? OPENSEARCH : ELASTICSEARCH;
    }

    public Kind kind() {
        return kind;
    }

    /** The node's base URL, such as {@code http://127.0.0.1:40123}; starts the node on first use. */
    public synchronized String url() {
        if (url == null) {
            try {
                start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return url;
    }

    /** An index prefix no other test uses (lower case, as index names must be); like Jaeger's, it is joined to index names with a dash. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Makes what was written visible to searches now rather than within the next refresh interval. */
    public void refresh() {
        send("POST", "/_refresh", null);
    }

    /** Sends a request to the node and answers the response body; fails on any status but 2xx. */
    public String send(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody));
        HttpResponse<String> response = ApiClient.send(HTTP, request.build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    @Override
    public String toString() {
        return kind.binary;
    }

    private void start() throws IOException, InterruptedException {
        Path home = distribution();
        Path work = Files.createTempDirectory("opsplane-" + kind.binary + "-");
        Path config = work.resolve("config");
        Path logs = work.resolve("logs");
        Path data = work.resolve("data");
        Path tmp = work.resolve("tmp");
        copyTree(home.resolve("config"), config);
        // OpenSearch's jvm.options logs GC and crashes to logs/ under the distribution, which the node's user may
        // not write: point them at the work folder's logs
        Path jvmOptions = config.resolve("jvm.options");
        Files.writeString(jvmOptions, Files.readString(jvmOptions).replace("=logs/", "=" + logs + "/")
                .replace("file=logs/", "file=" + logs + "/").replace("-Xloggc:logs/", "-Xloggc:" + logs + "/"));
        Files.createDirectories(logs);
        Files.createDirectories(data);
        Files.createDirectories(tmp);

        List<String> command = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && !reachableByOthers(home)) {
            // a checkout nobody cannot enter (under /root, say): run a hard-linked copy from the work folder
            Path copy = work.resolve("distribution");
            Files.createDirectories(copy);
            if (new ProcessBuilder("cp", "-al", home.toString(), copy.toString()).inheritIO().start().waitFor() != 0) {
                run("cp", "-a", home.toString(), copy.toString());
            }
            home = copy.resolve(home.getFileName());
        }
        if (root) {
            // the node's own folders must be the unprivileged user's; the distribution only needs to be readable
            // (not the distribution copy: hard links share their owner with the originals)
            run("chown", "-R", "nobody:nogroup", config.toString(), logs.toString(), data.toString(), tmp.toString());
            run("chmod", "755", work.toString());
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        command.addAll(List.of(home.resolve("bin/" + kind.binary).toString(),
                "-E", "discovery.type=single-node",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=0",
                "-E", "transport.port=0",
                "-E", "node.portsfile=true",
                "-E", "path.data=" + data,
                "-E", "path.logs=" + logs,
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                "-E", "action.destructive_requires_name=false"));
        // node settings a benchmark needs on top, such as http.compression=false for a client that cannot read
        // compressed answers: -Dopsplane.opensearch.settings="a=b c=d" (or opsplane.elasticsearch.settings)
        for (String setting : System.getProperty("opsplane." + kind.binary + ".settings", "").trim().split("\\s+")) {
            if (!setting.isEmpty()) {
                command.addAll(List.of("-E", setting));
            }
        }
        if (kind == Kind.ELASTICSEARCH) {
            // OpenSearch's integration-test build has no security plugin, and no such setting
            command.addAll(List.of("-E", "xpack.security.enabled=false"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("console.out").toFile());
        Map<String, String> env = builder.environment();
        env.put(kind.envPrefix + "JAVA_HOME", javaHome(home));
        env.put(kind.envPrefix + "PATH_CONF", config.toString());
        env.put(kind.envPrefix + "TMPDIR", tmp.toString());
        env.put(kind.envPrefix + "JAVA_OPTS", System.getProperty("opsplane.es.heap", "-Xms512m -Xmx512m"));
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));

        Path ports = logs.resolve("http.ports");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(ports) || Files.readString(ports).isBlank()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(kind.binary + " did not start; its output:\n"
                        + tail(logs.resolve("console.out")));
            }
            Thread.sleep(200);
        }
        url = "http://" + Files.readAllLines(ports).getFirst().trim();
        // GET / answers 405 on the Elasticsearch distribution: health tells readiness on both
        while (true) {
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(url
                                + "/_cluster/health?wait_for_status=yellow&timeout=5s")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port file comes a moment before the node answers
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(kind.binary + " did not become healthy:\n" + tail(logs.resolve("console.out")));
            }
            Thread.sleep(200);
        }
    }

    /** Whether users other than the owner can reach {@code path}: every folder on the way lets them through. */
    private static boolean reachableByOthers(Path path) throws IOException {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private void stop() {
        if (process != null && process.isAlive()) {
            // with setpriv in front the node is a child of it: stop the whole tree
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private Path distribution() throws IOException {
        Path unpacked = Path.of(System.getProperty(kind.homeProperty, kind.defaultHome));
        if (!Files.isDirectory(unpacked)) {
            throw new IllegalStateException("no " + kind.binary + " distribution at " + unpacked.toAbsolutePath()
                    + ": the build unpacks it (run the tests through Maven: ./mvnw verify)");
        }
        try (Stream<Path> children = Files.list(unpacked)) {
            return children.filter(p -> Files.isExecutable(p.resolve("bin/" + kind.binary))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bin/" + kind.binary + " under " + unpacked))
                    .toAbsolutePath();
        }
    }

    /**
     * The JDK to run the node on: this JVM's, except for OpenSearch 2.x, which dies on Java 24+ ("Enabling a
     * Security Manager is not supported") and needs 17 or 21: {@code opsplane.opensearch.java-home}, else the
     * newest such JDK in the system's JVM folder.
     */
    private String javaHome(Path home) throws IOException {
        String own = System.getProperty("java.home");
        if (kind != Kind.OPENSEARCH || !home.getFileName().toString().startsWith("opensearch-2.")) {
            return own;
        }
        String configured = System.getProperty("opsplane.opensearch.java-home");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Runtime.version().feature() <= 21) {
            return own;
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            for (String version : List.of("21", "17")) {
                try (Stream<Path> candidates = Files.list(jvms)) {
                    var found = candidates.filter(p -> p.getFileName().toString().matches(".*-" + version + "(-|$).*")
                            || p.getFileName().toString().matches(".*jdk-?" + version + "(\\D.*|$)"))
                            .filter(p -> Files.isExecutable(p.resolve("bin/java"))).sorted().findFirst();
                    if (found.isPresent()) {
                        return found.get().toString();
                    }
                }
            }
        }
        throw new IllegalStateException("OpenSearch 2.x needs Java 17 or 21: set -Dopsplane.opensearch.java-home");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
