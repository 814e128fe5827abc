package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import io.opsplane.support.kafka.SingleNodeKafka;
import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A Kafka broker (KRaft, one node) of a test's own, as a separate JVM that the test stops and starts again on the
 * same port and the same log directory, as an outage and a recovery would. The shared {@link TestKafka} stays up
 * for every other test.
 */
public final class KafkaProcess implements AutoCloseable {

    private final Path home;
    private final Path config;
    private final int port;
    private Process broker;

    private KafkaProcess(boolean autoCreateTopics) throws IOException {
        home = Files.createTempDirectory("opsplane-kafka-");
        config = home.resolve("server.properties");
        port = freePort();
        Files.writeString(config, SingleNodeKafka.serverProperties(port, freePort(), home.resolve("data"), 3, autoCreateTopics));
        Process format = java("format", "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted");
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("Kafka storage format failed; see " + home.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Formats a new broker's storage and starts it; answers once it takes requests. */
    public static KafkaProcess start() {
        return start(false);
    }

    /** As {@link #start()}; with {@code autoCreateTopics}, as brokers are by default: any client asking creates a topic. */
    public static KafkaProcess start(boolean autoCreateTopics) {
        try {
            KafkaProcess kafka = new KafkaProcess(autoCreateTopics);
            kafka.startAgain();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the broker on its port and data; answers once it takes requests. */
    public void startAgain() {
        broker = java("broker", "kafka.Kafka", config.toString());
        try (Admin admin = admin()) {
            await("Kafka on " + port).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("Kafka exited; see " + home.resolve("broker.log"));
                }
                try {
                    return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    return false;
                }
            });
        }
    }

    /** Stops the broker as an operator or a crash would: SIGTERM, then waits for it to be gone. */
    public void stop() {
        broker.destroy();
        try {
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void createTopics(int partitions, String... topics) {
        try (Admin admin = admin()) {
            admin.createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public java.util.Set<String> topics() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    private Process java(String what, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xms128m", "-Xmx384m",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(arguments));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(what + ".log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly();
        }
    }
}
