package io.opsplane.console.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Time from a saga becoming due to the webhook about it arriving, over 1,000 sagas that fall due one
 * after another (one every 50 ms). Each saga is of a type of its own, so each makes its own alert,
 * group and notification: the whole path runs 1,000 times (stuck scan, rule evaluation, for time,
 * grouping, outbox, HTTP to a real receiver on loopback).
 */
final class AlertLatencyBenchmark {

    private static final int SAGAS = Integer.getInteger("bench.alert.sagas", 1_000);
    private static final Duration FOR = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static void run() throws Exception {
        Map<String, Instant> arrivals = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        receiver.createContext("/", exchange -> {
            Instant at = Instant.now();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (body.get("status").asString().equals("firing")) {
                arrivals.putIfAbsent(body.get("groupLabels").get("saga_type").asString(), at);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        String rules = rulesFile();
        OrderSaga saga = new OrderSaga("alertbench");
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5)))
                .property("opsplane.ingest.enabled", false)
                .property("opsplane.stuck.scan-interval", "1s")
                .property("opsplane.alerting.rules-file", rules)
                .property("opsplane.alerting.allowed-hosts[0]", "127.0.0.1")
                .property("opsplane.alerting.receivers[0].name", "bench")
                .property("opsplane.alerting.receivers[0].url", "http://127.0.0.1:" + receiver.getAddress().getPort())
                .property("opsplane.alerting.receivers[0].secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .property("opsplane.alerting.route.group-wait", "0s")
                .property("opsplane.alerting.route.group-interval", "5s")
                .start()) {
            JdbcTemplate db = opsplane.jdbc();
            Instant first = Instant.now().plusSeconds(5);
            List<Instant> due = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < SAGAS; i++) {
                Instant at = first.plusMillis(50L * i);
                due.add(at);
                rows.add(new Object[]{"bench-" + i, "o-" + i, Timestamp.from(at), Timestamp.from(at)});
            }
            db.batchUpdate("""
                    INSERT INTO saga_instance (saga_type, definition_version, correlation_key, status, current_step,
                        next_event, responsible_service, started_at, last_progress_at, step_deadline, saga_deadline,
                        due_at, progress)
                    VALUES (?, 1, ?, 'RUNNING', 'charge-payment', 'PaymentCompleted', 'payment', now(), now(), ?,
                        now() + interval '1 hour', ?, '{}')""", rows);
            System.out.printf("%,d sagas fall due from %s, one every 50 ms; rule for: %s, scan and evaluation every 1 s,"
                    + " group_wait 0s%n", SAGAS, first, FOR);
            Instant deadline = first.plusMillis(50L * SAGAS).plusSeconds(120);
            while (arrivals.size() < SAGAS && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < SAGAS; i++) {
                Instant arrived = arrivals.get("bench-" + i);
                if (arrived != null) {
                    seconds.add(Duration.between(due.get(i), arrived).toMillis() / 1000.0);
                }
            }
            List<Double> sorted = seconds.stream().sorted().toList();
            System.out.printf("RESULT alert latency, due → webhook, %,d of %,d arrived: median %.2f s, p95 %.2f s, "
                            + "worst %.2f s (for time %d s included; without it: median %.2f s, worst %.2f s)%n",
                    sorted.size(), SAGAS, sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.95)),
                    sorted.getLast(), FOR.toSeconds(), sorted.get(sorted.size() / 2) - FOR.toSeconds(),
                    sorted.getLast() - FOR.toSeconds());
        } finally {
            receiver.stop(0);
        }
    }

    private static String rulesFile() throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("bench-rules").resolve("rules.yml");
        java.nio.file.Files.writeString(file, """
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    for: %ds
                    interval: 1s
                """.formatted(FOR.toSeconds()));
        return "file:" + file;
    }
}
