package io.opsplane.console.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opsplane.console.telemetry.log.LogQuery;
import io.opsplane.console.telemetry.log.LogSearch;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpLogSink;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.why.StuckExplanation;
import io.opsplane.console.why.StuckExplanations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * "Why is it stuck?" for the newest stuck saga among 1,000,000 (with their 2.9 million events), with 1,000,000 spans
 * and 20,000 log lines of the last hour in Elasticsearch: the whole answer, as the saga page and
 * {@code GET /api/sagas/{id}/why} compute it. Measured beside the limit it stands on, the Elasticsearch reads it
 * makes, made directly (the service names, the warnings of the window, the service's figures for the window and
 * the quarter of an hour before), and their ratio. Target: under 500 ms.
 */
final class WhyBenchmark {

    private static final int SAGAS = Integer.getInteger("bench.why.sagas", 1_000_000);
    private static final int SPANS = Integer.getInteger("bench.why.spans", 1_000_000);
    private static final int LOGS = 20_000;
    private static final int SPANS_PER_TRACE = 10;
    private static final List<String> SERVICES = List.of("order-service", "inventory-service", "payment-service",
            "card-gateway", "member-service");
    private static final int RUNS = 20;

    static void run() throws Exception {
        try (OpsplaneInstance opsplane = TraceBenchData.start()) {
            JdbcTemplate db = opsplane.jdbc();
            // running only within the definition's 1 h deadline, as the stuck scan leaves them
            System.out.printf("inserting %,d sagas over 30 days (90%% completed, 5%% running in the last hour and"
                    + " completed before it, 2%% compensated, 2%% stuck at charge-payment, 1%% failed) and their"
                    + " events…%n", SAGAS);
            Benchmarks.fillSagas(db, SAGAS, """
                    INSERT INTO saga_instance (saga_type, definition_version, correlation_key, business_keys, status,
                        stuck_reason, stuck_since, current_step, next_event, responsible_service, started_at,
                        last_progress_at, step_deadline, ended_at, progress)
                    SELECT 'order-placement', 1, 'o-' || g, jsonb_build_object('orderId', 'o-' || g), s.status,
                           CASE WHEN s.status = 'STUCK' THEN 'STEP_TIMEOUT' END,
                           CASE WHEN s.status = 'STUCK' THEN t.started + interval '5 minutes 1 second' END,
                           CASE WHEN s.status IN ('RUNNING', 'STUCK', 'FAILED') THEN 'charge-payment' END,
                           CASE WHEN s.status IN ('RUNNING', 'STUCK') THEN 'PaymentCompleted' END,
                           CASE WHEN s.status IN ('RUNNING', 'STUCK', 'FAILED') THEN 'payment' END,
                           t.started, t.started + interval '1 second',
                           CASE WHEN s.status IN ('RUNNING', 'STUCK') THEN t.started + interval '5 minutes 1 second' END,
                           CASE WHEN s.status IN ('COMPLETED', 'COMPENSATED') THEN t.started + interval '4 seconds' END,
                           '{}'
                    FROM generate_series(1, %d) g
                    CROSS JOIN LATERAL (SELECT now() - interval '6 minutes' - (%d - g) * (interval '30 days' / %d)
                        AS started) t
                    CROSS JOIN LATERAL (SELECT CASE WHEN g = %d OR g %% 100 = 97 THEN 'STUCK' WHEN g %% 100 < 90
                        THEN 'COMPLETED' WHEN g %% 100 < 95 THEN CASE WHEN t.started > now() - interval '1 hour'
                        THEN 'RUNNING' ELSE 'COMPLETED' END WHEN g %% 100 < 97 THEN 'COMPENSATED'
                        ELSE 'FAILED' END AS status) s""".formatted(SAGAS, SAGAS, SAGAS, SAGAS));
            long began = System.nanoTime();
            db.execute("""
                    INSERT INTO saga_event (saga_id, event_id, event_name, kind, step, event_time, received_at)
                    SELECT s.id, e.name || '-' || s.id, e.name, e.kind, e.step, s.started_at + e.after, s.started_at + e.after
                    FROM saga_instance s
                    CROSS JOIN (VALUES ('OrderCreated', 'STARTED', null, interval '0'),
                                       ('StockReserved', 'STEP_DONE', 'reserve-stock', interval '1 second'),
                                       ('PaymentCompleted', 'STEP_DONE', 'charge-payment', interval '2 seconds'))
                        AS e (name, kind, step, after)
                    WHERE e.name <> 'PaymentCompleted' OR s.status = 'COMPLETED'""");
            db.execute("VACUUM ANALYZE saga_event");
            System.out.printf("  %,d events in %.1f s%n", db.queryForObject("SELECT count(*) FROM saga_event", Long.class),
                    (System.nanoTime() - began) / 1e9);

            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            System.out.printf("loading %,d spans and %,d log lines of the last hour…%n", SPANS, LOGS);
            began = System.nanoTime();
            loadSpans(opsplane.bean(OtlpTraceSink.class), now);
            loadLogs(opsplane.bean(OtlpLogSink.class), now);
            TestElasticsearch.refresh();
            System.out.printf("  loaded in %.1f s%n", (System.nanoTime() - began) / 1e9);

            long sagaId = db.queryForObject("SELECT id FROM saga_instance WHERE status = 'STUCK' ORDER BY started_at DESC"
                    + " LIMIT 1", Long.class);
            StuckExplanations explanations = opsplane.bean(StuckExplanations.class);
            StuckExplanation answer = explanations.explain(sagaId, Instant.now()).orElseThrow();
            System.out.printf("  saga %d: \"%s\" (%d log groups, %d spans around)%n", sagaId, answer.sentence(),
                    answer.logs().size(), answer.change() == null ? 0 : answer.change().around().spans());
            if (answer.logs().isEmpty() || answer.change() == null || answer.change().around().spans() == 0) {
                throw new IllegalStateException("the answer found no logs or spans, so it measured too little: " + answer);
            }
            double[] why = Benchmarks.medianAndWorst(2, RUNS, () -> { }, () -> explanations.explain(sagaId, Instant.now()).orElseThrow());
            Instant around = answer.change().around().from();
            Instant due = answer.change().around().to();
            LogSearch logs = opsplane.bean(LogSearch.class);
            Traces traces = opsplane.bean(Traces.class);
            double[] read = Benchmarks.medianAndWorst(2, RUNS, () -> { }, () -> {
                traces.services();
                logs.search(new LogQuery(null, "payment-service", null, 13, null, null, around, due), false, null, 500);
                traces.serviceHealth(around.minus(Duration.ofMinutes(15)), around);
                return traces.serviceHealth(around, due);
            });
            System.out.printf("RESULT why, over %,d sagas and %,d spans: median %.1f ms, worst %.1f ms (%d runs)%n",
                    SAGAS, SPANS, why[0], why[1], RUNS);
            System.out.printf("RESULT its Elasticsearch reads alone (the limit): median %.1f ms, worst %.1f ms%n", read[0],
                    read[1]);
            System.out.printf("RESULT ratio why / Elasticsearch reads: %.2f (median)%n", why[0] / read[0]);
        }
    }

    private static void loadSpans(OtlpTraceSink sink, Instant now) {
        Random random = new Random(1);
        int traces = SPANS / SPANS_PER_TRACE;
        for (int first = 0; first < traces; first += 500) {
            List<List<Span>> perService = new ArrayList<>();
            SERVICES.forEach(s -> perService.add(new ArrayList<>()));
            for (int t = first; t < Math.min(traces, first + 500); t++) {
                Instant start = now.minusMillis(random.nextLong(3600_000L));
                boolean failed = random.nextInt(50) == 0;
                for (int i = 1; i <= SPANS_PER_TRACE; i++) {
                    perService.get((t + i) % SERVICES.size()).add(TraceBenchData.span(t + 1, i, i == 1 ? 0 : 1,
                            "op-" + i, start.plusMillis(i), 200 + random.nextInt(40_000), failed && i == 1,
                            failed ? 500 : 200, "c-" + random.nextInt(10_000)));
                }
            }
            for (int s = 0; s < SERVICES.size(); s++) {
                ExportOutcome outcome = sink.export(TraceBenchData.request(SERVICES.get(s), perService.get(s)));
                if (outcome.rejected() != 0) {
                    throw new IllegalStateException("spans refused: " + outcome);
                }
            }
        }
    }

    /** The payment service's lines: a few kinds of warning with order numbers in them, among info lines. */
    private static void loadLogs(OtlpLogSink sink, Instant now) {
        long startNanos = ChronoUnit.NANOS.between(Instant.EPOCH, now.minus(Duration.ofHours(1)));
        long step = Duration.ofHours(1).toNanos() / LOGS;
        for (int first = 0; first < LOGS; first += 500) {
            ScopeLogs.Builder scope = ScopeLogs.newBuilder();
            for (int i = first; i < first + 500; i++) {
                boolean warn = i % 4 == 0;
                scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(startNanos + i * step)
                        .setSeverityText(warn ? "WARN" : "INFO").setSeverityNumberValue(warn ? 13 : 9)
                        .setBody(string(warn ? "Card processor slow for order o-" + i + " (" + (i % 7) + " retries)"
                                : "Order o-" + i + ": charged")));
            }
            ExportOutcome outcome = sink.export(ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                            .setValue(string("payment-service"))))
                    .addScopeLogs(scope)).build());
            if (outcome.rejected() != 0) {
                throw new IllegalStateException("log lines refused: " + outcome);
            }
        }
    }

    private static AnyValue string(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }
}
