package io.opsplane.console.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import io.opsplane.console.retention.Retention;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Ingestion with and without a retention pass beside it: {@code bench.retention.sagas} sagas that ended 40 days
 * ago (four events and a key each, written by SQL), then the same backlog of new sagas ingested twice, once alone
 * and once while a pass deletes the old ones in batches. The issue asks for 10,000,000 old sagas
 * ({@code -Dbench.retention.sagas=10000000}); the default is smaller so a laptop finishes the fill in minutes.
 * Target: ingestion keeps at least 80 % of its rate while the pass runs.
 */
final class RetentionBenchmark {

    private static final int OLD_SAGAS = Integer.getInteger("bench.retention.sagas", 1_000_000);
    private static final int NEW_SAGAS = Integer.getInteger("bench.retention.ingest-sagas", 50_000);
    private static final int WARM_UP_SAGAS = 25_000;

    static void run() throws Exception {
        OrderSaga saga = OrderSaga.create(6);
        OrderEvents events = new OrderEvents(saga);
        try (OpsplaneInstance opsplane = IngestBenchmark.ingesting(saga, "5s");
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            JdbcTemplate db = opsplane.jdbc();
            MeterRegistry meters = opsplane.bean(MeterRegistry.class);
            MessageListenerContainer listener = IngestBenchmark.listener(opsplane);

            System.out.printf("writing %,d sagas that ended 40 days ago…%n", OLD_SAGAS);
            Benchmarks.fillSagas(db, OLD_SAGAS, """
                    WITH old AS (
                        INSERT INTO saga_instance (saga_type, definition_version, correlation_key, status, started_at,
                            last_progress_at, ended_at, event_count, progress)
                        SELECT 'order-placement', 1, 'old-' || i, 'COMPLETED', now() - interval '41 days',
                            now() - interval '40 days', now() - interval '40 days' + i * interval '1 ms', 4, '{}'
                        FROM generate_series(1, %d) i
                        RETURNING id, correlation_key, started_at),
                    events AS (
                        INSERT INTO saga_event (saga_id, event_id, event_name, kind, event_time, received_at)
                        SELECT old.id, old.id || '-' || e, 'Event' || e, 'STEP', old.started_at, old.started_at
                        FROM old, generate_series(1, 4) e)
                    INSERT INTO saga_key (key_value, saga_id) SELECT correlation_key, id FROM old""".formatted(OLD_SAGAS),
                    "saga_event", "saga_key");

            long applied = IngestBenchmark.produce(producer, events, "warm-", WARM_UP_SAGAS);
            IngestBenchmark.awaitApplied(meters, applied, false);

            applied += produce(listener, producer, events, "alone-");
            double alone = ingest(meters, listener, applied);
            System.out.printf("RESULT ingestion alone: %,.0f events/s%n", alone);

            applied += produce(listener, producer, events, "beside-");
            Retention retention = opsplane.bean(Retention.class);
            long before = db.queryForObject("SELECT count(*) FROM saga_instance WHERE ended_at < now() - interval '30 days'",
                    Long.class);
            // the pass runs on its own thread so that it can be stopped once ingestion beside it is measured: over
            // 10,000,000 old sagas it would otherwise run on for an hour
            ExecutorService passThread = Executors.newSingleThreadExecutor();
            Future<Retention.Pass> pass = passThread.submit(() -> {
                SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("bench",
                        null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
                return retention.runNow(false, "retention benchmark", "bench");
            });
            double beside = ingest(meters, listener, applied);
            long left = db.queryForObject("SELECT count(*) FROM saga_instance WHERE ended_at < now() - interval '30 days'",
                    Long.class);
            System.out.printf("RESULT ingestion beside a retention pass: %,.0f events/s (%.0f %% of alone); the pass"
                    + " deleted %,d of %,d old sagas meanwhile%n", beside, 100 * beside / alone, before - left, before);
            passThread.shutdownNow();
            Retention.Pass done = pass.get();
            double seconds = Duration.between(done.startedAt(), done.finishedAt()).toMillis() / 1e3;
            long deleted = done.rows().get("sagas");
            System.out.printf("RESULT retention pass: %,d sagas deleted in %.1f s (%,.0f sagas/s), %s%n", deleted,
                    seconds, deleted / seconds, deleted < before ? "stopped once ingestion was measured" : "all of them");
        }
    }

    /** The backlog of new sagas, produced while the listener is paused so the clock starts with consumption. */
    private static long produce(MessageListenerContainer listener, KafkaProducer<byte[], byte[]> producer,
                                OrderEvents events, String prefix) throws InterruptedException {
        IngestBenchmark.pause(listener);
        return IngestBenchmark.produce(producer, events, prefix, NEW_SAGAS);
    }

    private static double ingest(MeterRegistry meters, MessageListenerContainer listener, long total)
            throws InterruptedException {
        long measured = NEW_SAGAS * 4L;
        long began = System.nanoTime();
        listener.resume();
        IngestBenchmark.awaitApplied(meters, total, false);
        return measured / ((System.nanoTime() - began) / 1e9);
    }
}
