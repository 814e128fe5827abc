package io.opsplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A JVM the launcher starts, logging to a file, stopped politely and then firmly. */
final class ChildProcess {

    private final String name;
    private final Path log;
    private final Process process;

    private ChildProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code java} (the launcher's own) with the given arguments. */
    static ChildProcess java(String name, Path log, List<String> arguments) {
        return java(name, log, arguments, Map.of());
    }

    /** Starts {@code java} (the launcher's own) with the given arguments and extra environment variables. */
    static ChildProcess java(String name, Path log, List<String> arguments, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(arguments);
        return start(name, log, command, environment);
    }

    /** Starts {@code command} with extra environment variables. */
    static ChildProcess start(String name, Path log, List<String> command, Map<String, String> environment) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ChildProcess(name, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file it writes its output to. */
    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for it to end; answers its exit code, or null if it still runs after {@code seconds}. */
    Integer await(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
    }

    long pid() {
        return process.pid();
    }

    /** Null while it runs; once it has died, what to tell the user. */
    String problem() {
        return process.isAlive() ? null
                : name + " stopped (exit code " + process.exitValue() + "). The end of " + log + ":\n" + tail(40);
    }

    void stop() {
        // children first: a start script's real server runs beneath it
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A look at whether what the children serve answers yet; an exception means not yet. */
    interface ReadyCheck {
        boolean ready() throws Exception;
    }

    /**
     * Waits until {@code check} passes, looking every 250 ms and telling {@code progress} every second. Fails as soon
     * as one of {@code children} has died (with the end of its log), and with {@code late} once {@code within} has
     * passed.
     */
    static void awaitReady(Collection<ChildProcess> children, Duration within, LocalLauncher.Progress progress,
                           ReadyCheck check, Supplier<String> late) {
        long deadline = System.nanoTime() + within.toNanos();
        for (int ticks = 1; ; ticks++) {
            for (ChildProcess child : children) {
                if (!child.alive()) {
                    throw new LocalLauncher.StartFailure(child.problem());
                }
            }
            if (passes(check)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LocalLauncher.StartFailure(late.get());
            }
            if (ticks % 4 == 0) {
                progress.waiting();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalLauncher.StartFailure("interrupted");
            }
        }
    }

    /** Whether the Spring Boot service at {@code baseUrl} says it is UP; false while it cannot be reached yet. */
    static boolean actuatorUp(HttpClient http, String baseUrl) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static boolean passes(ReadyCheck check) {
        try {
            return check.ready();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalLauncher.StartFailure("interrupted");
        } catch (Exception notYet) {
            // still starting
            return false;
        }
    }

    /** The preferred port when it is free (stable addresses for people), otherwise any free one. */
    static int port(int preferred) {
        for (int candidate : new int[] {preferred, 0}) {
            try (ServerSocket socket = new ServerSocket(candidate)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new IllegalStateException("no free port");
    }
}
