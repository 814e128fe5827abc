package io.opsplane.console.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaFlows;
import io.opsplane.console.saga.SagaPage;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.SagaStore;
import io.opsplane.console.testing.OpsplaneInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console's saga list over 1,000,000 sagas: the server time of what the list view runs when it
 * opens (its capped count, then the first keyset page of 50, newest first), with no filter and with a
 * status filter, and the next page through the cursor. Also the overview's chart and counts. Target for
 * the first page: under 300 ms.
 */
final class SagaListBenchmark {

    private static final int SAGAS = Integer.getInteger("bench.list.sagas", 1_000_000);
    private static final int RUNS = 20;
    private static final int PAGE = 50;
    private static final long COUNT_CAP = 10_000;

    static void run() throws Exception {
        try (OpsplaneInstance opsplane = Benchmarks.sagaTableInstance("listbench")) {
            JdbcTemplate db = opsplane.jdbc();
            System.out.printf("inserting %,d sagas over 30 days (90%% completed, 5%% running, 2%% compensated,"
                    + " 2%% stuck, 1%% failed)…%n", SAGAS);
            Benchmarks.fillSagas(db, SAGAS, """
                    INSERT INTO saga_instance (saga_type, definition_version, correlation_key, business_keys, status,
                        stuck_reason, stuck_since, current_step, next_event, responsible_service, started_at,
                        last_progress_at, ended_at, progress)
                    SELECT 'order-placement', 1, 'o-' || g, jsonb_build_object('orderId', 'o-' || g), s.status,
                           CASE WHEN s.status = 'STUCK' THEN 'STEP_TIMEOUT' END,
                           CASE WHEN s.status = 'STUCK' THEN t.started + interval '10 minutes' END,
                           CASE WHEN s.status IN ('RUNNING', 'STUCK', 'FAILED') THEN 'charge-payment' END,
                           CASE WHEN s.status IN ('RUNNING', 'STUCK') THEN 'PaymentCompleted' END,
                           CASE WHEN s.status IN ('RUNNING', 'STUCK') THEN 'payment' END,
                           t.started, t.started + interval '2 seconds',
                           CASE WHEN s.status IN ('COMPLETED', 'COMPENSATED') THEN t.started + interval '4 seconds' END,
                           '{}'
                    FROM generate_series(1, %d) g
                    CROSS JOIN LATERAL (SELECT now() - (%d - g) * (interval '30 days' / %d) AS started) t
                    CROSS JOIN LATERAL (SELECT CASE WHEN g %% 100 < 90 THEN 'COMPLETED' WHEN g %% 100 < 95 THEN 'RUNNING'
                        WHEN g %% 100 < 97 THEN 'COMPENSATED' WHEN g %% 100 < 99 THEN 'STUCK' ELSE 'FAILED' END
                        AS status) s""".formatted(SAGAS, SAGAS, SAGAS));

            SagaQueries sagas = opsplane.bean(SagaQueries.class);
            measure("first page, no filter", () -> firstPage(sagas, SagaFilter.NONE));
            for (SagaStatus status : List.of(SagaStatus.STUCK, SagaStatus.RUNNING, SagaStatus.COMPLETED)) {
                measure("first page, status=" + status, () -> firstPage(sagas, new SagaFilter(null, status, null, null,
                        null, null, null, null, null, null, null, null)));
            }
            measure("next page, status=STUCK (cursor)", () -> {
                SagaFilter stuck = new SagaFilter(null, SagaStatus.STUCK, null, null, null, null, null, null, null,
                        null, null, null);
                SagaPage first = sagas.list(stuck, null, PAGE, Instant.now());
                return sagas.list(stuck, first.next(), PAGE, Instant.now()).items().size();
            });
            measure("overview chart, 6 h in 10 min buckets", () -> {
                Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
                return sagas.activity(end.minus(Duration.ofHours(6)), end, Duration.ofMinutes(10)).size();
            });
            // the counts kept as sagas change, against the same counts taken from the sagas, as they were before
            double kept = measure("overview counts", () -> sagas.counts().byTypeAndStatus().size());
            double counted = measure("overview counts, counted from the sagas", () -> countedFromTheSagas(db));
            System.out.printf("RESULT saga list overview counts vs counting the sagas over %,d sagas: %.1f ÷ %.1f ms ="
                    + " %.4f (lower is better)%n", SAGAS, kept, counted, kept / counted);
            // what ten seconds of full-speed ingest leave for the next fold, about a row per batch that moves sagas:
            // here 5,000 rows that cancel out, appended after a fold before each run
            SagaStore store = opsplane.bean(SagaStore.class);
            measure("overview counts, 5,000 changes not folded yet", () -> {
                store.foldCounts();
                db.update("""
                        INSERT INTO saga_count (saga_type, status, sagas)
                        SELECT 'order-placement', 'RUNNING', CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END
                        FROM generate_series(1, 5000) g""");
            }, () -> sagas.counts().byTypeAndStatus().size());
            measure("metrics refresh counts", () -> sagas.countsByTypeAndStatus().size() + sagas.stuckCounts().size());
            SagaFlows flows = opsplane.bean(SagaFlows.class);
            measure("flow page, the last hour", () -> {
                Instant now = Instant.now();
                return flows.flow("order-placement", now.minus(Duration.ofHours(1)), now).steps().size();
            });
            measure("flow page's open sagas per step, counted from the sagas", () -> db.queryForList("""
                    SELECT current_step, status, count(*) FROM saga_instance
                    WHERE saga_type = 'order-placement' AND status IN ('RUNNING', 'STUCK', 'FAILED', 'COMPENSATING')
                      AND current_step IS NOT NULL GROUP BY 1, 2""").size());
        }
    }

    /** What the list view runs when it opens: the capped count for its header, then the first page. */
    private static int firstPage(SagaQueries sagas, SagaFilter filter) {
        Instant now = Instant.now();
        long count = sagas.countUpTo(filter, now, COUNT_CAP);
        List<?> rows = sagas.list(filter, null, PAGE, now).items();
        if (count > 0 && rows.isEmpty()) {
            throw new IllegalStateException("a count of " + count + " but no rows");
        }
        return rows.size();
    }

    /** The overview's counts as a scan of saga_instance gives them: what the console ran before saga_count. */
    private static int countedFromTheSagas(JdbcTemplate db) {
        int rows = db.queryForList("SELECT saga_type, status, count(*) FROM saga_instance GROUP BY 1, 2").size();
        rows += db.queryForList("SELECT stuck_reason, count(*) FROM saga_instance WHERE status = 'STUCK' GROUP BY 1")
                .size();
        rows += db.queryForList("""
                SELECT responsible_service, count(*) FROM saga_instance WHERE status = 'STUCK' GROUP BY 1""").size();
        rows += db.queryForList("""
                SELECT saga_type, current_step, count(*) FROM saga_instance WHERE status = 'STUCK' GROUP BY 1, 2""")
                .size();
        return rows;
    }

    /** Prints the query's median and worst, and answers the median in milliseconds. */
    private static double measure(String what, Supplier<Integer> query) throws Exception {
        return measure(what, () -> { }, query);
    }

    /** The same, with {@code before} done, untimed, before each run. */
    private static double measure(String what, Benchmarks.Step before, Supplier<Integer> query) throws Exception {
        // one untimed run warms the plan cache and the pages this query reads
        int[] rows = new int[1];
        double[] figures = Benchmarks.medianAndWorst(1, RUNS, before, () -> rows[0] = query.get());
        System.out.printf("RESULT saga list %s over %,d sagas: median %.1f ms, worst %.1f ms (%d rows, %d runs)%n",
                what, SAGAS, figures[0], figures[1], rows[0], RUNS);
        return figures[0];
    }
}
