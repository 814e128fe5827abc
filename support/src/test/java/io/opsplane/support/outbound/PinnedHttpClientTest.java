package io.opsplane.support.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound client against a real server on loopback, with names resolved by a resolver the test controls
 * (as a hostile name server would answer): nothing leaves the machine, no DNS is asked.
 */
class PinnedHttpClientTest {

    private HttpServer server;
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private final List<String> protocols = new CopyOnWriteArrayList<>();
    private final AtomicInteger resolutions = new AtomicInteger();
    /** What the name "receiver.test" resolves to now; a rebinding name server changes it between lookups. */
    private final AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");

    /** Resolves once through the test's name server and refuses forbidden addresses, as the real guards do. */
    private InetAddress[] vetted(String host) throws java.net.UnknownHostException {
        resolutions.incrementAndGet();
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        if (!literal && !host.equals("receiver.test")) {
            throw new java.net.UnknownHostException(host);
        }
        InetAddress[] addresses = {InetAddress.getByName(literal ? host : answer.get())};
        ForbiddenAddresses.refuseForbidden(host, addresses, null);
        return addresses;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestHeaders());
            protocols.add(exchange.getProtocol());
            exchange.getResponseHeaders().add("Retry-After", "20");
            byte[] body = "slow down".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/trickle", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            // a byte every 100 ms: no single read ever times out
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, as it should
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://receiver.test:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void theRequestGoesToTheAddressResolvedOnceOverHttp11WithoutUpgrade() throws IOException {
        try (PinnedHttpClient client = new PinnedHttpClient(this::vetted, Duration.ofSeconds(2), null)) {
            PinnedHttpClient.Response response = client.post(url(), Map.of("Content-Type", "application/json"),
                    "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

            // receiver.test exists in no DNS: reaching the server proves the connection used the vetted answer
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.header("retry-after")).isEqualTo("20");
            assertThat(response.body()).isEqualTo("slow down");
            assertThat(resolutions).hasValue(1);
            assertThat(requests).hasSize(1);
            assertThat(protocols).containsExactly("HTTP/1.1");
            assertThat(requests.getFirst().getFirst("Host")).isEqualTo("receiver.test:" + server.getAddress().getPort());
            assertThat(requests.getFirst().keySet()).map(String::toLowerCase)
                    .doesNotContain("upgrade", "http2-settings").contains("content-type");
            assertThat(requests.getFirst().getFirst("Connection")).isNotEqualToIgnoringCase("upgrade");
        }
    }

    @Test
    void aNameThatResolvesToTheMetadataAddressIsRefusedBeforeAnyConnection() throws IOException {
        answer.set("169.254.169.254");
        try (PinnedHttpClient client = new PinnedHttpClient(this::vetted, Duration.ofSeconds(2), null)) {
            assertThatThrownBy(() -> client.post(url(), Map.of(), new byte[0], Duration.ofSeconds(5)))
                    .isInstanceOf(RefusedAddressException.class)
                    .hasMessageContaining("resolves to 169.254.169.254, a link-local or cloud metadata address");
            assertThat(resolutions).hasValue(1);
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void aServerThatTricklesItsAnswerIsCutOffAtTheDeadline() throws IOException {
        try (PinnedHttpClient client = new PinnedHttpClient(this::vetted, Duration.ofMillis(200), null)) {
            assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/trickle"), Map.of(), new byte[0], Duration.ofMillis(500))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void anAddressLiteralIsVettedToo() throws IOException {
        try (PinnedHttpClient client = new PinnedHttpClient(this::vetted, Duration.ofSeconds(2), null)) {
            assertThatThrownBy(() -> client.post(URI.create("http://169.254.169.254/latest/meta-data/"), Map.of(),
                    new byte[0], Duration.ofSeconds(5))).isInstanceOf(RefusedAddressException.class);
            assertThat(resolutions).hasValue(1);
        }
    }

    @Test
    void forbiddenAddressesIncludeWrappedAndIpv6Metadata() throws IOException {
        for (String address : List.of("169.254.169.254", "169.254.170.2", "fe80::1", "fd00:ec2::254",
                "100.100.100.200", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe")) {
            assertThat(ForbiddenAddresses.forbidden(InetAddress.getByName(address))).as(address).isTrue();
        }
        for (String address : List.of("127.0.0.1", "10.0.0.8", "203.0.113.10", "2001:db8::1")) {
            assertThat(ForbiddenAddresses.forbidden(InetAddress.getByName(address))).as(address).isFalse();
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDateAndCapped() {
        Instant now = Instant.parse("2026-12-04T22:00:00Z");
        Duration cap = Duration.ofHours(1);
        assertThat(RetryAfter.parse("20", now, cap)).contains(Duration.ofSeconds(20));
        assertThat(RetryAfter.parse("Fri, 04 Dec 2026 22:01:30 GMT", now, cap)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Fri, 04 Dec 2026 21:00:00 GMT", now, cap)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("999999999999999999999", now, cap)).contains(cap);
        assertThat(RetryAfter.parse("86400", now, cap)).contains(cap);
        assertThat(RetryAfter.parse("soon", now, cap)).isEmpty();
        assertThat(RetryAfter.parse(null, now, cap)).isEmpty();
    }
}
