package io.opsplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import io.opsplane.support.kafka.SingleNodeKafka;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker in KRaft mode, as a child JVM on the launcher's classpath: storage
 * formatted once with a cluster id kept beside it, then {@code kafka.Kafka server.properties}.
 */
final class KafkaService implements LocalLauncher.ProcessEngine {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final String classpath;
    private final Path home;
    private final Path log;
    private int port;
    private int controllerPort;
    private ChildProcess broker;

    KafkaService(String classpath, Path home, Path log) {
        this.classpath = classpath;
        this.home = home;
        this.log = log;
    }

    @Override
    public void start(LocalLauncher.Progress progress) {
        // a restart keeps the addresses the console and the demo already use
        if (port == 0) {
            port = ChildProcess.port(9092);
            controllerPort = ChildProcess.port(0);
        }
        Path config = home.resolve("server.properties");
        Path data = home.resolve("data");
        try {
            Files.createDirectories(data);
            Files.writeString(config, SingleNodeKafka.serverProperties(port, controllerPort, data, 3, false));
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = ChildProcess.java("Kafka", log, List.of("-Xms256m", "-Xmx512m", "-cp", classpath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "kafka.Kafka", config.toString()));
        awaitReady(progress);
    }

    private void format(Path config) {
        Path clusterIdFile = home.resolve("cluster.id");
        try {
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
            }
            ChildProcess formatting = ChildProcess.java("Kafka storage format", log, List.of("-cp", classpath,
                    "kafka.tools.StorageTool", "format", "-t", Files.readString(clusterIdFile).trim(),
                    "-c", config.toString(), "--ignore-formatted"));
            Integer exit = formatting.await(60);
            if (exit == null || exit != 0) {
                formatting.stop();
                throw new LocalLauncher.StartFailure("Kafka storage could not be formatted:\n" + formatting.tail(20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalLauncher.StartFailure("interrupted");
        }
    }

    private void awaitReady(LocalLauncher.Progress progress) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            ChildProcess.awaitReady(List.of(broker), READY_WITHIN, progress, () -> {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return true;
            }, () -> "Kafka did not answer within " + READY_WITHIN.toSeconds() + " s; see " + log);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return "Kafka";
    }

    @Override
    public ChildProcess process() {
        return broker;
    }
}
