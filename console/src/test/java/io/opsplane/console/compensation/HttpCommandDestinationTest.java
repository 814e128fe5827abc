package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.opsplane.support.outbound.HostResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Where HTTP commands may go: {@code allowed-urls} matched on the parsed URL (the {@code startsWith} tricks
 * refused), and the host resolved once by a name server the test controls, vetted, and connected to as vetted.
 * A loopback service counts what reaches it; nothing leaves the machine.
 */
class HttpCommandDestinationTest {

    private HttpServer service;
    private final List<Headers> received = new CopyOnWriteArrayList<>();
    private final List<String> protocols = new CopyOnWriteArrayList<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicReference<String> paymentAddress = new AtomicReference<>("127.0.0.1");

    /** The name server: pay.test answers whatever the test says; nothing else resolves. */
    private final HostResolver nameServer = host -> {
        lookups.incrementAndGet();
        if (!host.equals("pay.test")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[]{InetAddress.getByName(paymentAddress.get())};
    };

    @BeforeEach
    void start() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/commands", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders());
            protocols.add(exchange.getProtocol());
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop(0);
    }

    /** The settings as the console binds them, defaults and all, with these allowed URLs and short timeouts. */
    private static CompensationProperties properties(String... allowedUrls) {
        Map<String, String> settings = new HashMap<>(Map.of("opsplane.compensation.http.connect-timeout", "2s",
                "opsplane.compensation.http.timeout", "5s"));
        for (int i = 0; i < allowedUrls.length; i++) {
            settings.put("opsplane.compensation.http.allowed-urls[" + i + "]", allowedUrls[i]);
        }
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("opsplane.compensation", CompensationProperties.class);
    }

    private static DestinationChecks checks(HostResolver resolver, String... allowedUrls) {
        return new DestinationChecks(null, properties(allowedUrls), resolver);
    }

    /** The sender as the console wires it: its destination checks resolve through the test's name server. */
    private HttpCommands sender(String... allowedUrls) {
        CompensationProperties properties = properties(allowedUrls);
        return new HttpCommands(properties, new DestinationChecks(null, properties, nameServer), (javax.net.ssl.SSLContext) null);
    }

    @Test
    void allowedUrlsMatchTheParsedSchemeHostPortAndPathNotAStringPrefix() {
        DestinationChecks checks = checks(nameServer, "https://pay.internal", "https://refunds.internal/v1/");

        assertThat(checks.allowed("https://pay.internal/commands")).isTrue();
        assertThat(checks.allowed("https://PAY.internal:443/commands?x=1")).isTrue();
        assertThat(checks.allowed("https://refunds.internal/v1")).isTrue();
        assertThat(checks.allowed("https://refunds.internal/v1/refund")).isTrue();

        assertThat(checks.allowed("https://pay.internal.evil.com/commands")).as("a longer host").isFalse();
        assertThat(checks.allowed("https://pay.internal@evil.com/commands")).as("user info; goes to evil.com").isFalse();
        assertThat(checks.allowed("https://pay.internal:443@evil.com/commands")).isFalse();
        assertThat(checks.allowed("https://pay.internal:8443/commands")).as("another port").isFalse();
        assertThat(checks.allowed("http://pay.internal/commands")).as("another scheme").isFalse();
        assertThat(checks.allowed("https://refunds.internal/v10/refund")).as("/v1 is not /v10").isFalse();
        assertThat(checks.allowed("https://refunds.internal/v1/../admin")).as("dot segments").isFalse();
        assertThat(checks.allowed("https://refunds.internal/v1/%2e%2e/admin")).as("encoded dots").isFalse();
        assertThat(checks.allowed("https://refunds.internal/admin")).isFalse();
        assertThat(checks.allowed("file:///etc/passwd")).isFalse();
        assertThat(checks.allowed("not a url")).isFalse();
    }

    @Test
    void anAllowedUrlThatIsNotAPlainHttpUrlStopsStartUp() {
        assertThatThrownBy(() -> checks(nameServer, "https://user@pay.internal/"))
                .hasMessageContaining("allowed-urls: 'https://user@pay.internal/'");
        assertThatThrownBy(() -> checks(nameServer, "pay.internal")).hasMessageContaining("allowed-urls");
    }

    @Test
    void aCommandGoesToTheVettedAddressOverHttp11WithoutUpgrade() throws IOException {
        String url = "http://pay.test:" + service.getAddress().getPort() + "/commands";
        try (HttpCommands http = sender("http://pay.test:" + service.getAddress().getPort() + "/commands")) {
            assertThat(http.send(row(url))).isEqualTo(SendResult.SENT);
        }
        // pay.test exists in no DNS: the request arrived because the connection used the vetted answer
        assertThat(lookups).hasValue(1);
        assertThat(protocols).containsExactly("HTTP/1.1");
        assertThat(received.getFirst().keySet()).map(String::toLowerCase).doesNotContain("upgrade", "http2-settings");
    }

    @Test
    void aNameThatResolvesToTheMetadataAddressIsRefusedBeforeAnyConnection() throws IOException {
        paymentAddress.set("169.254.169.254");
        String url = "http://pay.test:" + service.getAddress().getPort() + "/commands";
        try (HttpCommands http = sender("http://pay.test:" + service.getAddress().getPort())) {
            SendResult result = http.send(row(url));
            assertThat(result.sent()).isFalse();
            assertThat(result.retryable()).as("refused for good, not retried").isFalse();
            assertThat(result.error()).contains("resolves to 169.254.169.254, a link-local or cloud metadata address");
        }
        assertThat(lookups).as("resolved once").hasValue(1);
        assertThat(received).as("nothing sent").isEmpty();
    }

    @Test
    void theDryRunRefusesAMetadataAddressWithoutConnecting() {
        paymentAddress.set("169.254.169.254");
        DestinationChecks checks = checks(nameServer);
        DryRun.Check check = checks.check(new PlannedCommand(1, "charge-payment", "RefundPayment", null,
                "http://pay.test:" + service.getAddress().getPort() + "/commands", "key", null, null, null));
        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).contains("169.254.169.254");
        assertThat(lookups).hasValue(1);
    }

    private static OutboxRow row(String url) {
        return new OutboxRow(1, 1, 1, "order-placement/o-1/charge-payment/compensate/1", null, url, null,
                "{\"specversion\":\"1.0\",\"type\":\"RefundPayment\"}", 0);
    }
}
