package io.opsplane.deploy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Opsplane console as a child JVM; ready when its health endpoint says UP. */
final class ConsoleService implements LocalLauncher.OneProcess {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final Path jar;
    private final int port;
    private final Path log;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private ChildProcess console;

    /** {@code environment} carries settings that must not show on a command line (a webhook URL may be a credential). */
    ConsoleService(Path jar, int port, Path log, List<String> arguments, Map<String, String> environment) {
        this.jar = jar;
        this.port = port;
        this.log = log;
        this.arguments = arguments;
        this.environment = environment;
    }

    void start(LocalLauncher.Progress progress) {
        if (!Files.exists(jar)) {
            throw new LocalLauncher.StartFailure(jar + " is missing: build it with ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of("-Xmx1g", "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(arguments);
        console = ChildProcess.java("The console", log, command, environment);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        ChildProcess.awaitReady(List.of(console), READY_WITHIN, progress, () -> ChildProcess.actuatorUp(http, url()),
                () -> "the console did not become healthy within " + READY_WITHIN.toMinutes() + " minutes; the end of "
                        + log + ":\n" + console.tail(30));
    }

    String url() {
        return url(port);
    }

    static String url(int port) {
        return "http://localhost:" + port;
    }

    @Override
    public String name() {
        return "the console";
    }

    @Override
    public ChildProcess process() {
        return console;
    }
}
