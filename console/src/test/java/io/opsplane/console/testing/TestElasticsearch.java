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
 * One real Elasticsearch 8.19 node per test JVM, from the distribution the build unpacks into
 * {@code target/elasticsearch}. Tests keep apart by index prefix ({@link #uniquePrefix()}).
 * Elasticsearch refuses to run as root, so as root it runs as {@code nobody} (see shared/notes/stack.md).
 */
public final class TestElasticsearch {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String url;
    private static Process process;

    private TestElasticsearch() {
    }

    /** The node's base URL, such as {@code http://127.0.0.1:40123}; starts the node on first use. */
    public static synchronized String url() {
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
    public static void refresh() {
        send("POST", "/_refresh", null);
    }

    /** Sends a request to the node and answers the response body; fails on any status but 2xx. */
    public static String send(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void start() throws IOException, InterruptedException {
        Path home = distribution();
        Path work = Files.createTempDirectory("opsplane-es-");
        Path config = work.resolve("config");
        Path logs = work.resolve("logs");
        Path data = work.resolve("data");
        Path tmp = work.resolve("tmp");
        copyTree(home.resolve("config"), config);
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
        command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node",
                "-E", "xpack.security.enabled=false",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=0",
                "-E", "transport.port=0",
                "-E", "node.portsfile=true",
                "-E", "path.data=" + data,
                "-E", "path.logs=" + logs,
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                "-E", "action.destructive_requires_name=false"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("console.out").toFile());
        Map<String, String> env = builder.environment();
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_PATH_CONF", config.toString());
        env.put("ES_TMPDIR", tmp.toString());
        env.put("ES_JAVA_OPTS", System.getProperty("opsplane.es.heap", "-Xms512m -Xmx512m"));
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(TestElasticsearch::stop));

        Path ports = logs.resolve("http.ports");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(ports) || Files.readString(ports).isBlank()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Elasticsearch did not start; its output:\n"
                        + tail(logs.resolve("console.out")));
            }
            Thread.sleep(200);
        }
        url = "http://" + Files.readAllLines(ports).getFirst().trim();
        // GET / answers 405 on this distribution: health tells readiness
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
                throw new IllegalStateException("Elasticsearch did not become healthy:\n" + tail(logs.resolve("console.out")));
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

    private static void stop() {
        if (process != null && process.isAlive()) {
            // with setpriv in front the node is a child of it: stop the whole tree
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private static Path distribution() throws IOException {
        Path unpacked = Path.of(System.getProperty("opsplane.es.home", "target/elasticsearch"));
        if (!Files.isDirectory(unpacked)) {
            throw new IllegalStateException("no Elasticsearch distribution at " + unpacked.toAbsolutePath()
                    + ": the build unpacks it (run the tests through Maven: ./mvnw verify)");
        }
        try (Stream<Path> children = Files.list(unpacked)) {
            return children.filter(p -> Files.isExecutable(p.resolve("bin/elasticsearch"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bin/elasticsearch under " + unpacked))
                    .toAbsolutePath();
        }
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
