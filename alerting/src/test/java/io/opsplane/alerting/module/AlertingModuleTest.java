package io.opsplane.alerting.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.opsplane.alerting.AlertingConfiguration;
import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.delivery.Delivery;
import io.opsplane.alerting.delivery.DeliveryLog;
import io.opsplane.alerting.delivery.TestNotifications;
import io.opsplane.alerting.signal.SagaSignals;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.alerting.silence.SilenceStore;
import io.opsplane.support.outbound.HostResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The alerting library on its own, as a host wires it: its migrations on a real PostgreSQL, rules evaluated by
 * Quartz, the alert store's lifecycle, grouping and dispatch, silences, and the delivery outbox sending to a real
 * HTTP receiver on loopback, with retries recorded in the delivery log. The host's part is one {@link SagaSignals}
 * bean whose answer each test sets.
 */
@SpringBootTest(classes = AlertingModuleTest.Host.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AlertingModuleTest {

    private static final EmbeddedPostgres POSTGRES = start();
    private static final Receiver RECEIVER = new Receiver();
    /** Answers every request with 429 and Retry-After: 20, as Slack does when rate-limiting. */
    private static final Receiver BUSY = new Receiver(429, "Retry-After", "20");
    /** Behind a name the test's resolver answers for: loopback at first, then rebound to the metadata address. */
    private static final Receiver REBOUND = new Receiver(200, "Connection", "close");
    static final AtomicReference<String> REBOUND_ADDRESS = new AtomicReference<>("127.0.0.1");
    static final AtomicInteger LOOKUPS = new AtomicInteger();
    static final AtomicReference<List<SagaSignals.StuckSagas>> STUCK = new AtomicReference<>(List.of());

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(AlertingConfiguration.class)
    static class Host {
        /** The only name service the module sees: nothing is looked up in DNS, nothing leaves loopback. */
        @Bean
        HostResolver testNameServer() {
            return host -> {
                LOOKUPS.incrementAndGet();
                if (!host.equals("hooks.rebind.test")) {
                    throw new UnknownHostException(host);
                }
                return new InetAddress[]{InetAddress.getByName(REBOUND_ADDRESS.get())};
            };
        }

        @Bean
        SagaSignals sagaSignals() {
            return new SagaSignals() {
                @Override
                public List<StuckSagas> stuck(String sagaType, String step, String reason) {
                    return STUCK.get().stream().filter(s -> step == null || step.equals(s.step())).toList();
                }

                @Override
                public List<FailureRatio> failureRatio(String sagaType, Duration window, Instant now) {
                    return List.of();
                }

                @Override
                public List<StepDuration> stepDurations(String sagaType, Duration window, Instant now) {
                    return List.of();
                }
            };
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("opsplane.external-url", () -> "https://opsplane.example.com");
        registry.add("opsplane.alerting.rules-file", AlertingModuleTest::rulesFile);
        registry.add("opsplane.alerting.allowed-hosts[0]", () -> "127.0.0.1");
        receiver(registry, 0, "ops", "webhook", RECEIVER::url);
        registry.add("opsplane.alerting.allowed-hosts[1]", () -> "hooks.rebind.test");
        receiver(registry, 1, "busy", "slack", BUSY::url);
        receiver(registry, 2, "rebound", null, () -> "http://hooks.rebind.test:"
                + REBOUND.server.getAddress().getPort() + "/hook");
        registry.add("opsplane.alerting.route.receiver", () -> "ops");
        registry.add("opsplane.alerting.route.group-by[0]", () -> "alertname");
        registry.add("opsplane.alerting.route.group-by[1]", () -> "step");
        registry.add("opsplane.alerting.route.group-wait", () -> "200ms");
        registry.add("opsplane.alerting.route.group-interval", () -> "500ms");
        registry.add("opsplane.alerting.route.repeat-interval", () -> "1h");
        registry.add("opsplane.alerting.dispatch-poll-interval", () -> "100ms");
        registry.add("opsplane.alerting.delivery.poll-interval", () -> "100ms");
        registry.add("opsplane.alerting.delivery.min-backoff", () -> "200ms");
        registry.add("opsplane.alerting.delivery.max-backoff", () -> "400ms");
    }

    /** Receiver {@code index} of the settings, of {@code type} (null: the default) at {@code url}, two seconds to answer. */
    private static void receiver(DynamicPropertyRegistry registry, int index, String name, String type,
                                 Supplier<Object> url) {
        String prefix = "opsplane.alerting.receivers[" + index + "].";
        registry.add(prefix + "name", () -> name);
        if (type != null) {
            registry.add(prefix + "type", () -> type);
        }
        registry.add(prefix + "url", url);
        registry.add(prefix + "timeout", () -> "2s");
    }

    @Autowired
    AlertStore alerts;
    @Autowired
    SilenceStore silences;
    @Autowired
    DeliveryLog deliveries;
    @Autowired
    TestNotifications notifications;

    @BeforeEach
    void receiverAnswers() {
        RECEIVER.failuresBeforeSuccess.set(0);
    }

    @AfterAll
    static void stop() throws IOException {
        RECEIVER.server.stop(0);
        BUSY.server.stop(0);
        REBOUND.server.stop(0);
        POSTGRES.close();
    }

    @Test
    void aStuckSignalFiresIsDeliveredAndResolves() {
        STUCK.set(List.of(stuck("charge-payment", 3, "o-1", "o-2", "o-3")));
        AlertView firing = await("the alert firing").atMost(Duration.ofSeconds(20)).until(
                () -> alerts.list("firing", List.of(Matcher.parse("step=\"charge-payment\"")), 10),
                list -> list.size() == 1).getFirst();
        assertThat(firing.value()).isEqualTo(3.0);
        assertThat(firing.samples()).containsExactly("o-1", "o-2", "o-3");
        assertThat(firing.annotations().get("summary")).isEqualTo("3 order-placement sagas stuck at charge-payment");
        // each language's variant rendered like the base; a reader gets theirs
        assertThat(firing.summary(Locale.KOREAN)).isEqualTo("order-placement 사가 3건이 charge-payment에서 멈춤");
        assertThat(firing.summary(Locale.ENGLISH)).isEqualTo("3 order-placement sagas stuck at charge-payment");
        assertThat(firing.generatorURL()).as("no ConsoleLinks in this host: the link is the console's root")
                .isEqualTo("https://opsplane.example.com/");

        String body = await("the webhook called").atMost(Duration.ofSeconds(20)).until(
                () -> RECEIVER.bodyContaining("charge-payment", "\"status\":\"firing\""), b -> b != null);
        assertThat(body).contains("\"version\":\"4\"", "\"receiver\":\"ops\"", "\"alertname\":\"SagaStuck\"",
                "https://opsplane.example.com/",
                "\"summary\":\"3 order-placement sagas stuck at charge-payment\"",
                "\"summary_ko\":\"order-placement 사가 3건이 charge-payment에서 멈춤\"");

        // a saga's history: the alerts about its type while it ran, and none about another type
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        assertThat(alerts.firedWhile("saga_type", "order-placement", hourAgo, Instant.now(), 50))
                .extracting(AlertView::id).contains(firing.id());
        assertThat(alerts.firedWhile("saga_type", "refund", hourAgo, Instant.now(), 50)).isEmpty();
        assertThat(alerts.firedWhile("saga_type", "order-placement", hourAgo, hourAgo.plusSeconds(1), 50))
                .as("a saga that ended before the alert fired").isEmpty();

        STUCK.set(List.of());
        await("the resolution delivered").atMost(Duration.ofSeconds(20)).until(
                () -> RECEIVER.bodyContaining("charge-payment", "\"status\":\"resolved\""), b -> b != null);
        assertThat(alerts.list("firing", List.of(Matcher.parse("step=\"charge-payment\"")), 10)).isEmpty();
    }

    @Test
    void aSilencedAlertFiresButIsNotSent() {
        silences.create(new SilenceStore.SilenceInput(List.of(Matcher.parse("step=\"reserve-stock\"")),
                Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1)), "stock incident"), "alice");
        STUCK.set(List.of(stuck("reserve-stock", 2, "o-7", "o-8")));
        AlertView firing = await("the alert firing").atMost(Duration.ofSeconds(20)).until(
                () -> alerts.list("firing", List.of(Matcher.parse("step=\"reserve-stock\"")), 10),
                list -> list.size() == 1).getFirst();
        assertThat(firing.silencedBy()).hasSize(1);
        // a later, unsilenced alert is sent: when it has arrived, the silenced one would have too
        STUCK.set(List.of(stuck("reserve-stock", 2, "o-7", "o-8"), stuck("ship-order", 1, "o-9")));
        await("the unsilenced alert sent").atMost(Duration.ofSeconds(20)).until(
                () -> RECEIVER.bodyContaining("ship-order", "\"status\":\"firing\""), b -> b != null);
        assertThat(RECEIVER.bodyContaining("reserve-stock", "\"status\":\"firing\"")).isNull();
        STUCK.set(List.of());
    }

    @Test
    void aFailingReceiverIsRetriedAndEachAttemptIsLogged() {
        RECEIVER.failuresBeforeSuccess.set(2);
        STUCK.set(List.of(stuck("confirm-order", 1, "o-11")));
        await("delivered after two failures").atMost(Duration.ofSeconds(30)).until(
                () -> RECEIVER.bodyContaining("confirm-order", "\"status\":\"firing\""), b -> b != null);
        Delivery delivery = await("the delivery log").atMost(Duration.ofSeconds(10)).until(
                () -> deliveries.forReceiver("ops", "delivered", 50).stream()
                        .filter(d -> d.attemptLog().size() == 3).findFirst().orElse(null), d -> d != null);
        assertThat(delivery.attemptLog()).extracting(Delivery.Attempt::statusCode).containsExactlyInAnyOrder(503, 503, 200);
        STUCK.set(List.of());
    }

    @Test
    void webhooksGoOverHttp11WithoutUpgradeHeaders() {
        long id = notifications.queue("ops").id();
        await("the test notification delivered").atMost(Duration.ofSeconds(20))
                .until(() -> deliveries.find(id).orElseThrow().status(), "delivered"::equals);
        int request = RECEIVER.bodies.indexOf(RECEIVER.bodyContaining("OpsplaneTestNotification"));
        assertThat(request).isNotNegative();
        assertThat(RECEIVER.protocols.get(request)).isEqualTo("HTTP/1.1");
        assertThat(RECEIVER.headers.get(request).keySet()).map(name -> name.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("upgrade", "http2-settings");
    }

    @Test
    void aSlack429WithRetryAfterIsTriedAgainNoSoonerThanItAsks() {
        long id = notifications.queue("busy").id();
        Delivery tried = await("the first attempt").atMost(Duration.ofSeconds(20))
                .until(() -> deliveries.find(id).orElseThrow(), d -> d.attempts() == 1);
        assertThat(tried.status()).isEqualTo("pending");
        assertThat(tried.lastStatus()).isEqualTo(429);
        assertThat(Duration.between(tried.attemptLog().getFirst().at(), tried.nextAttemptAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(20)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void aNameThatRebindsToTheMetadataAddressIsRefusedBeforeAnyConnection() {
        REBOUND_ADDRESS.set("127.0.0.1");
        long first = notifications.queue("rebound").id();
        await("sent to the vetted loopback address").atMost(Duration.ofSeconds(20))
                .until(() -> deliveries.find(first).orElseThrow().status(), "delivered"::equals);
        assertThat(REBOUND.requests).hasValue(1);

        REBOUND_ADDRESS.set("169.254.169.254");
        int lookups = LOOKUPS.get();
        long second = notifications.queue("rebound").id();
        Delivery refused = await("refused").atMost(Duration.ofSeconds(20))
                .until(() -> deliveries.find(second).orElseThrow(), d -> d.status().equals("failed"));
        assertThat(refused.lastError()).contains("refused", "resolves to 169.254.169.254");
        assertThat(refused.attemptLog()).singleElement().extracting(Delivery.Attempt::statusCode).isNull();
        assertThat(LOOKUPS.get()).as("resolved once, by the connection's own lookup").isEqualTo(lookups + 1);
        assertThat(REBOUND.requests).as("nothing sent after the rebinding").hasValue(1);
    }

    private static SagaSignals.StuckSagas stuck(String step, long count, String... samples) {
        return new SagaSignals.StuckSagas("order-placement", step, "STEP_TIMEOUT", "payment", count, List.of(samples));
    }

    private static String rulesFile() {
        try {
            Path dir = Files.createTempDirectory("alert-rules");
            Path file = dir.resolve("rules.yml");
            // removed when the test JVM ends, the file before its folder (the reverse of registering)
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            Files.writeString(file, """
                    rules:
                      - name: SagaStuck
                        kind: saga-stuck
                        interval: 1s
                        severity: critical
                        annotations:
                          summary: "{{ .Value }} {{ .Labels.saga_type }} sagas stuck at {{ .Labels.step }}"
                          summary_ko: "{{ .Labels.saga_type }} 사가 {{ .Value }}건이 {{ .Labels.step }}에서 멈춤"
                    """, StandardCharsets.UTF_8);
            return "file:" + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A webhook receiver on loopback that fails a given number of times before it accepts (then answers
     * {@code status} with one extra header); it keeps each request's headers and protocol.
     */
    static final class Receiver {
        final HttpServer server;
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<Headers> headers = new CopyOnWriteArrayList<>();
        final List<String> protocols = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger failuresBeforeSuccess = new AtomicInteger();

        Receiver() {
            this(200, null, null);
        }

        Receiver(int answer, String header, String value) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.incrementAndGet();
                int status = failuresBeforeSuccess.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : answer;
                if (status == 200) {
                    bodies.add(body);
                    headers.add(exchange.getRequestHeaders());
                    protocols.add(exchange.getProtocol());
                }
                if (header != null) {
                    exchange.getResponseHeaders().add(header, value);
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        String bodyContaining(String... parts) {
            return bodies.stream().filter(b -> List.of(parts).stream().allMatch(b::contains)).findFirst().orElse(null);
        }
    }
}
