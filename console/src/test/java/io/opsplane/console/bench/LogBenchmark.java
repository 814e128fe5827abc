package io.opsplane.console.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpLogSink;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestPostgres;

/**
 * Logs: OTLP records written through the sink into Elasticsearch (records/s, requests of 500 with
 * eight attributes each, as an SDK's batch processor sends them), then the time of a first search
 * page, a page filtered by text and level, and an hour's histogram over what was written.
 */
final class LogBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.logs.records", 100_000);
    private static final int PER_REQUEST = 500;
    private static final int SERVICES = 10;
    private static final int RUNS = 20;
    private static final String[] LEVELS = {"DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"};
    private static final int[] NUMBERS = {5, 9, 9, 9, 13, 17};

    static void run() throws Exception {
        OrderSaga saga = new OrderSaga("logbench");
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5)))
                .property("opsplane.ingest.enabled", false)
                .elasticsearch(TestElasticsearch.uniquePrefix()).start()) {
            OtlpLogSink sink = opsplane.bean(OtlpLogSink.class);
            Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            Instant start = end.minus(Duration.ofHours(1));
            long step = Duration.ofHours(1).toNanos() / RECORDS;
            long startNanos = start.getEpochSecond() * 1_000_000_000L;

            System.out.printf("writing %,d log records in requests of %d…%n", RECORDS, PER_REQUEST);
            long began = System.nanoTime();
            for (int first = 0; first < RECORDS; first += PER_REQUEST) {
                ExportOutcome outcome = sink.export(request(first, Math.min(RECORDS, first + PER_REQUEST), startNanos, step));
                if (outcome.rejected() != 0) {
                    throw new IllegalStateException(outcome.errorMessage());
                }
                if ((first + PER_REQUEST) % 100_000 == 0) {
                    System.out.printf("  %,d records (%.0f s)%n", first + PER_REQUEST, (System.nanoTime() - began) / 1e9);
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("RESULT log write: %,d records in %.1f s: %,.0f records/s%n", RECORDS, seconds,
                    RECORDS / seconds);
            TestElasticsearch.refresh();

            ApiClient api = opsplane.api();
            String range = "&from=" + start + "&to=" + end;
            time("first page of 100, one service", () -> api.getJson("/api/logs?service=svc-3&limit=100" + range));
            time("page of 100 by text and level", () -> api.getJson(
                    "/api/logs?q=" + "payment+declined&minSeverity=WARN&limit=100" + range));
            time("histogram of the hour by level", () -> api.getJson("/api/logs/histogram?interval=1m" + range));
        }
    }

    private static void time(String what, Supplier<Object> call) throws Exception {
        double[] figures = Benchmarks.medianAndWorst(1, RUNS, () -> { }, call::get);
        System.out.printf("RESULT log search, %s over %,d records: median %.1f ms, worst %.1f ms (%d runs)%n", what,
                RECORDS, figures[0], figures[1], RUNS);
    }

    private static ExportLogsServiceRequest request(int first, int end, long startNanos, long step) {
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (int service = 0; service < SERVICES; service++) {
            ScopeLogs.Builder scope = ScopeLogs.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("io.opsplane.bench").setVersion("1.0.0"));
            for (int i = first + service; i < end; i += SERVICES) {
                int level = i % LEVELS.length;
                scope.addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(startNanos + i * step).setObservedTimeUnixNano(startNanos + i * step + 1000)
                        .setSeverityText(LEVELS[level]).setSeverityNumberValue(NUMBERS[level])
                        .setBody(string(i % 7 == 0 ? "payment " + i + " declined by the issuer"
                                : "order " + i + " moved to the next step"))
                        .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[] {
                                1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, (byte) (i >> 24), (byte) (i >> 16), (byte) (i >> 8),
                                (byte) i}))
                        .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 1, 1, 1, 0, 0, 0, (byte) i}))
                        .addAttributes(attribute("order.id", string("o-" + i)))
                        .addAttributes(attribute("http.method", string("POST")))
                        .addAttributes(attribute("http.status_code", AnyValue.newBuilder().setIntValue(200 + level).build()))
                        .addAttributes(attribute("duration_ms", AnyValue.newBuilder().setDoubleValue(i % 1000 / 7.0).build()))
                        .addAttributes(attribute("thread.name", string("worker-" + i % 16)))
                        .addAttributes(attribute("code.function", string("handle")))
                        .addAttributes(attribute("code.namespace", string("io.shop.orders.OrderHandler")))
                        .addAttributes(attribute("retry", AnyValue.newBuilder().setBoolValue(i % 5 == 0).build())));
            }
            request.addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(Resource.newBuilder()
                            .addAttributes(attribute("service.name", string("svc-" + service)))
                            .addAttributes(attribute("host.name", string("host-" + service % 3))))
                    .addScopeLogs(scope));
        }
        return request.build();
    }

    private static KeyValue attribute(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue string(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }
}
