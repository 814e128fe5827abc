package io.opsplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the launcher's tests share: a state folder and a port to start on, the admin's calls, the check at the end. */
final class LauncherTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LauncherTestSupport() {
    }

    /** A fresh state folder, readable by all: as root, the search engine runs as nobody and must reach its folder inside. */
    static Path stateFolder(String prefix) throws IOException {
        return Files.createTempDirectory(prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A request to {@code url} as the launcher's admin. */
    static HttpRequest.Builder asAdmin(LocalLauncher.Endpoints endpoints, String url) {
        String admin = "Basic " + Base64.getEncoder().encodeToString((endpoints.admin().name() + ":"
                + endpoints.admin().password()).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", admin);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** After the launcher's stop: none of {@code pids} runs any more; then the state folder is removed. */
    static void assertNothingLeftRunning(List<Long> pids, Path state) throws IOException {
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid).isFalse());
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
