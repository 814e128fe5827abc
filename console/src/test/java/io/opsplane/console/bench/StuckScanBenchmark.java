package io.opsplane.console.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.console.stuck.StuckScanner;
import io.opsplane.console.testing.OpsplaneInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stuck scan over 1,000,000 in-flight instances of which 1,000 are due: the time one scan
 * takes to find and mark the due ones, repeated to show its spread.
 */
final class StuckScanBenchmark {

    private static final int INSTANCES = Integer.getInteger("bench.scan.instances", 1_000_000);
    private static final int DUE = 1_000;
    private static final int RUNS = 10;

    static void run() throws Exception {
        try (OpsplaneInstance opsplane = Benchmarks.sagaTableInstance("scanbench")) {
            JdbcTemplate db = opsplane.jdbc();
            System.out.printf("inserting %,d in-flight instances…%n", INSTANCES);
            // due an hour or more from now, so that however long the fill takes, only what each run makes due is due
            Benchmarks.fillSagas(db, INSTANCES, """
                    INSERT INTO saga_instance (saga_type, definition_version, correlation_key, status, current_step,
                        next_event, responsible_service, started_at, last_progress_at, step_deadline, saga_deadline,
                        due_at, progress)
                    SELECT 'order-placement', 1, 'o-' || g, 'RUNNING', 'charge-payment', 'PaymentCompleted', 'payment',
                           now() - interval '1 minute', now() - interval '1 minute',
                           now() + (g %% 600 + 3600) * interval '1 second', now() + interval '2 hours',
                           now() + (g %% 600 + 3600) * interval '1 second', '{}'::jsonb
                    FROM generate_series(1, %d) g""".formatted(INSTANCES));

            StuckScanner scanner = opsplane.bean(StuckScanner.class);
            List<Double> millis = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                // make a different set of 1,000 instances due each run, as time passing would
                db.update("""
                        UPDATE saga_instance SET due_at = now() - interval '1 second', status = 'RUNNING',
                            stuck_reason = NULL, stuck_since = NULL
                        WHERE id IN (SELECT id FROM saga_instance WHERE id %% %d = %d LIMIT %d)""".formatted(
                        INSTANCES / DUE, run, DUE));
                long t = System.nanoTime();
                int marked = scanner.scan(Instant.now(), "benchmark");
                double ms = (System.nanoTime() - t) / 1e6;
                millis.add(ms);
                System.out.printf("  run %2d: marked %,d of %,d in %.1f ms%n", run + 1, marked, INSTANCES, ms);
            }
            double[] figures = Benchmarks.medianWorstP99(millis);
            System.out.printf("RESULT stuck scan: %,d due of %,d in-flight: median %.1f ms, worst %.1f ms (%d runs)%n",
                    DUE, INSTANCES, figures[0], figures[1], RUNS);
        }
    }
}
