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
 * {@code deploy/target/elasticsearch}, with its configuration, data and logs in the state folder.
 * Elasticsearch refuses to run as root, so as root it runs as {@code nobody}.
 */
final class ElasticsearchService implements LocalLauncher.Service {

    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private final Path distribution;
    private final Path home;
    private final Path log;
    private int port;
    private ChildProcess node;

    ElasticsearchService(Path distribution, Path home, Path log) {
        this.distribution = distribution;
        this.home = home;
        this.log = log;
    }

    void start(LocalLauncher.Progress progress) {
        Path install = install();
        Path config = home.resolve("config");
        try {
            Files.createDirectories(home);
            if (!Files.exists(config)) {
                copyTree(install.resolve("config"), config);
            }
            for (String dir : List.of("data", "logs", "tmp")) {
                Files.createDirectories(home.resolve(dir));
            }
            Files.deleteIfExists(home.resolve("logs/http.ports"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            run("chown", "-R", "nobody:nogroup", home.toString());
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        port = ChildProcess.port(9200);
        command.addAll(List.of(install.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node",
                "-E", "xpack.security.enabled=false",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + port,
                "-E", "transport.port=0",
                "-E", "path.data=" + home.resolve("data"),
                "-E", "path.logs=" + home.resolve("logs"),
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
        node = ChildProcess.start("Elasticsearch", log, command, Map.of(
                "ES_JAVA_HOME", System.getProperty("java.home"),
                "ES_PATH_CONF", config.toString(),
                "ES_TMPDIR", home.resolve("tmp").toString(),
                "ES_JAVA_OPTS", "-Xms512m -Xmx512m"));
        awaitReady(progress);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return node.pid();
    }

    private void awaitReady(LocalLauncher.Progress progress) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // GET / answers 405 on this distribution: cluster health tells readiness
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        int ticks = 0;
        while (System.nanoTime() < deadline) {
            if (!node.alive()) {
                throw new LocalLauncher.StartFailure(node.problem());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalLauncher.StartFailure("interrupted");
            }
            if (++ticks % 4 == 0) {
                progress.waiting();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalLauncher.StartFailure("interrupted");
            }
        }
        throw new LocalLauncher.StartFailure("Elasticsearch did not become healthy within " + READY_WITHIN.toSeconds()
                + " s; the end of " + log + ":\n" + node.tail(30));
    }

    private Path install() {
        try (Stream<Path> children = Files.isDirectory(distribution) ? Files.list(distribution) : Stream.empty()) {
            return children.filter(p -> Files.isExecutable(p.resolve("bin/elasticsearch"))).findFirst()
                    .orElseThrow(() -> new LocalLauncher.StartFailure("no Elasticsearch under " + distribution
                            + ": build it with ./mvnw -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return "Elasticsearch";
    }

    @Override
    public String problem() {
        return node == null ? null : node.problem();
    }

    @Override
    public void stop() {
        if (node != null) {
            node.stop();
        }
    }
}
