package io.opsplane.console.bench;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.proto.trace.v1.Span;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestElasticsearch;

/**
 * One trace of 1,000 spans fetched by id through the Jaeger API ({@code GET /jaeger/api/traces/{id}}), as
 * Jaeger UI fetches it: median and worst of repeated runs. Target: under 200 ms.
 */
final class TraceFetchBenchmark {

    private static final int SPANS = 1_000;
    private static final int RUNS = Integer.getInteger("bench.trace.runs", 50);
    /** Enough fetches for the console's compilers to settle: five left the median moving by a quarter between runs. */
    private static final int WARM_UPS = Math.min(Benchmarks.SEARCH_WARMUPS, 200);

    static void run() throws Exception {
        try (OpsplaneInstance opsplane = TraceBenchData.start()) {
            OtlpTraceSink sink = opsplane.bean(OtlpTraceSink.class);
            Instant start = Instant.now().minusSeconds(600);
            long traceId = 0x5eed_0001L;
            List<Span> spans = new ArrayList<>();
            for (int i = 1; i <= SPANS; i++) {
                spans.add(TraceBenchData.span(traceId, i, i == 1 ? 0 : (i - 2) / 4 + 1, "op-" + (i % 25),
                        start.plusMillis(i), 500 + i, i % 97 == 0, i % 97 == 0 ? 500 : 200, "c-" + (i % 13)));
            }
            ExportOutcome outcome = sink.export(TraceBenchData.request("fetch-bench", spans));
            if (outcome.rejected() != 0) {
                throw new IllegalStateException("spans refused: " + outcome);
            }
            TestElasticsearch.refresh();
            ApiClient api = opsplane.api();
            String path = "/jaeger/api/traces/%032x".formatted(traceId);
            double[] figures = Benchmarks.medianAndWorst(WARM_UPS, RUNS, () -> { }, () -> {
                fetch(api, path);
                return null;
            });
            System.out.printf("RESULT trace fetch: %,d spans by id over HTTP: median %.1f ms, worst %.1f ms (%d runs, %d "
                    + "warm-ups)%n", SPANS, figures[0], figures[1], RUNS, WARM_UPS);
        }
    }

    private static void fetch(ApiClient api, String path) {
        HttpResponse<String> response = api.get(path);
        if (response.statusCode() != 200 || !response.body().contains("\"spanID\"")) {
            throw new IllegalStateException("fetch answered " + response.statusCode());
        }
        int spans = response.body().split("\"spanID\"", -1).length - 1;
        // each span's spanID, plus its references' spanIDs (999 parents)
        if (spans < SPANS) {
            throw new IllegalStateException("fetched " + spans + " spans, not " + SPANS);
        }
    }
}
