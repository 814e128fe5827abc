package io.opsplane.demo.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes committed outbox rows to Kafka in order and marks them sent, in one transaction per
 * batch: rows are marked only after Kafka acknowledged them, so a crash between publishing and
 * marking publishes them again (at-least-once; consumers deduplicate by event id), and a crash
 * before publishing loses nothing. Woken right after each commit that wrote to the outbox, and
 * polls every {@code demo.outbox.poll-interval} for rows left by an earlier run.
 * Each row is published within the trace it was written in, with that trace as a header: W3C {@code traceparent},
 * or with {@code demo.outbox.trace-headers=b3} the B3 headers a Brave-traced monolith writes (the OpenTelemetry agent
 * replaces them with its producer span's, in the same trace).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final Duration pollInterval;
    private final boolean enabled;
    private final boolean b3;
    private final Semaphore work = new Semaphore(0);
    private volatile Thread thread;
    private volatile boolean running;

    /** {@code demo.outbox.trace-headers}: w3c or b3. */
    enum TraceHeaders { W3C, B3 }

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transaction, KafkaTemplate<String, byte[]> kafka, JsonMapper json,
                @Value("${demo.outbox.poll-interval:5s}") Duration pollInterval,
                @Value("${demo.outbox.relay-enabled:true}") boolean enabled,
                @Value("${demo.outbox.trace-headers:w3c}") TraceHeaders traceHeaders) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.json = json;
        this.pollInterval = pollInterval;
        this.enabled = enabled;
        this.b3 = traceHeaders == TraceHeaders.B3;
    }

    void wake() {
        work.release();
    }

    /** Publishes what is pending now; answers how many rows were published. */
    private int publishPending() {
        int total = 0;
        int batch;
        do {
            try (Scope quiet = Traces.unsampled().makeCurrent()) {
                batch = transaction.execute(status -> publishBatch());
            }
            total += batch;
        } while (batch == BATCH);
        return total;
    }

    private int publishBatch() {
        List<Row> rows = jdbc.query("""
                SELECT id, topic, message_key, headers, payload, traceparent FROM outbox
                WHERE sent_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)), BATCH);
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(),
                    row.payload().getBytes(StandardCharsets.UTF_8));
            json.readValue(row.headers(), HEADERS).forEach((name, value) ->
                    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            if (row.traceparent() != null) {
                traceHeaders(row.traceparent()).forEach((name, value) ->
                        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            }
            try (Scope inOriginalTrace = Traces.continuing(row.traceparent()).makeCurrent()) {
                acks.add(kafka.send(record));
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // rolled back: the rows stay unsent and go again on the next round
            throw new IllegalStateException("Kafka did not take " + rows.size() + " outbox rows: " + e.getMessage(), e);
        }
        jdbc.update("UPDATE outbox SET sent_at = now() WHERE id = ANY(?)",
                (Object) rows.stream().map(Row::id).toArray(Long[]::new));
        return rows.size();
    }

    /** The row's trace as headers: {@code traceparent}, or B3 multi from its parts ("00-trace-span-flags"). */
    private Map<String, String> traceHeaders(String traceparent) {
        String[] parts = traceparent.split("-");
        if (!b3 || parts.length != 4) {
            return Map.of("traceparent", traceparent);
        }
        return Map.of("X-B3-TraceId", parts[1], "X-B3-SpanId", parts[2],
                "X-B3-Sampled", parts[3].equals("01") ? "1" : "0");
    }

    private record Row(long id, String topic, String key, String headers, String payload, String traceparent) {
    }

    private void loop() {
        while (running) {
            try {
                work.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                work.drainPermits();
                if (running) {
                    publishPending();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox relay: {}; retrying", e.getMessage());
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    @Override
    public void start() {
        if (!enabled) {
            log.warn("The outbox relay is off (demo.outbox.relay-enabled=false): events stay in the outbox");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
        wake();
    }

    @Override
    public void stop() {
        running = false;
        wake();
        Thread current = thread;
        if (current != null) {
            try {
                current.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
