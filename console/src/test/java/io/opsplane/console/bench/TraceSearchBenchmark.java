package io.opsplane.console.bench;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.proto.trace.v1.Span;
import io.opsplane.console.telemetry.TelemetryProperties;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestElasticsearch;
import tools.jackson.databind.JsonNode;

/**
 * Trace search over 1,000,000 stored spans (100,000 traces of 10 spans, 20 services, the last 3 hours)
 * through the Jaeger API, as Jaeger UI searches: by service; by service and operation; by service, tag
 * and minimum duration. Median, p99 and worst of {@code bench.trace.runs} runs per search (50 by default;
 * the p99 is by nearest rank, so under 100 runs it is the worst), after {@link Benchmarks#SEARCH_WARMUPS}. Target: p99 under 300 ms at 10,000,000 spans.
 */
final class TraceSearchBenchmark {

    private static final int SPANS = Integer.getInteger("bench.trace.spans", 1_000_000);
    private static final int SPANS_PER_TRACE = 10;
    private static final int SERVICES = 20;
    private static final int BATCH_TRACES = 500;
    private static final int RUNS = Integer.getInteger("bench.trace.runs", 50);

    static void run() throws Exception {
        try (OpsplaneInstance opsplane = TraceBenchData.start()) {
            OtlpTraceSink sink = opsplane.bean(OtlpTraceSink.class);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            int traces = SPANS / SPANS_PER_TRACE;
            System.out.printf("loading %,d spans (%,d traces) through the OTLP sink…%n", SPANS, traces);
            long began = System.nanoTime();
            AtomicLong written = new AtomicLong();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<?>> batches = new ArrayList<>();
                for (int first = 0; first < traces; first += BATCH_TRACES) {
                    int from = first;
                    batches.add(pool.submit(() -> {
                        load(sink, now, from, Math.min(traces, from + BATCH_TRACES));
                        long done = written.addAndGet((long) (Math.min(traces, from + BATCH_TRACES) - from)
                                * SPANS_PER_TRACE);
                        if (done % 100_000 < BATCH_TRACES * SPANS_PER_TRACE) {
                            System.out.printf("  %,d spans (%.0f s)%n", done, (System.nanoTime() - began) / 1e9);
                        }
                        return null;
                    }));
                }
                for (Future<?> batch : batches) {
                    batch.get();
                }
            }
            TestElasticsearch.refresh();
            System.out.printf("  loaded in %.1f s%n", (System.nanoTime() - began) / 1e9);

            ApiClient api = opsplane.api();
            String window = "&start=" + micros(now.minusSeconds(4 * 3600)) + "&end=" + micros(now) + "&limit=20";
            String spans = opsplane.bean(TelemetryProperties.class).indexPrefix() + "-jaeger-span-";
            DirectSearch direct = new DirectSearch(spans, now.minusSeconds(4 * 3600), now);
            inTurns("service", () -> search(api, "/jaeger/api/traces?service=svc-7" + window),
                    direct.search("svc-7", null, null, null));
            inTurns("service + operation", () -> search(api, "/jaeger/api/traces?service=svc-7&operation=op-2" + window),
                    direct.search("svc-7", "op-2", null, null));
            inTurns("service + tag + minDuration", () -> search(api, "/jaeger/api/traces?service=svc-7&tags="
                            + URLEncoder.encode("{\"http.status_code\":\"500\"}", StandardCharsets.UTF_8)
                            + "&minDuration=20ms" + window),
                    direct.search("svc-7", null, "500", 20_000L));
        }
    }

    private static void load(OtlpTraceSink sink, Instant now, int fromTrace, int toTrace) {
        Random random = new Random(fromTrace);
        List<List<Span>> perService = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            perService.add(new ArrayList<>());
        }
        for (int t = fromTrace; t < toTrace; t++) {
            Instant start = now.minusMillis(random.nextLong(3 * 3600_000L));
            boolean failed = random.nextInt(50) == 0;
            for (int i = 1; i <= SPANS_PER_TRACE; i++) {
                int service = (t + i) % SERVICES;
                perService.get(service).add(TraceBenchData.span(t + 1, i, i == 1 ? 0 : 1, "op-" + (i + t % 5),
                        start.plusMillis(i), 200 + random.nextInt(40_000), failed && i == 1,
                        failed ? 500 : 200, "c-" + random.nextInt(10_000)));
            }
        }
        for (int s = 0; s < SERVICES; s++) {
            ExportOutcome outcome = sink.export(TraceBenchData.request("svc-" + s, perService.get(s)));
            if (outcome.rejected() != 0) {
                throw new IllegalStateException("spans refused: " + outcome);
            }
        }
    }

    /**
     * The search through Opsplane's Jaeger API and the same requests straight to the node, warmed up and measured in
     * turns, the side that goes first changing every run, so that neither runs beside the other's warm-up.
     */
    private static void inTurns(String name, Callable<Integer> opsplane, Callable<Integer> direct) throws Exception {
        int found = 0;
        for (int i = 0; i < Benchmarks.SEARCH_WARMUPS; i++) {
            found = opsplane.call();
            direct.call();
        }
        if (found == 0) {
            throw new IllegalStateException(name + ": the search found nothing, so it measured nothing");
        }
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            if (run % 2 == 0) {
                ours.add(millis(opsplane));
                theirs.add(millis(direct));
            } else {
                theirs.add(millis(direct));
                ours.add(millis(opsplane));
            }
        }
        double[] api = Benchmarks.medianWorstP99(ours);
        double[] node = Benchmarks.medianWorstP99(theirs);
        System.out.printf("RESULT trace search (%s) over %,d spans: %d traces, median %.1f ms, p99 %.1f ms, "
                + "worst %.1f ms (%d runs)%n", name, SPANS, found, api[0], api[2], api[1], RUNS);
        System.out.printf("RESULT trace search (%s) straight to Elasticsearch (the limit): median %.1f ms, "
                + "p99 %.1f ms, worst %.1f ms (%d runs)%n", name, node[0], node[2], node[1], RUNS);
        System.out.printf("RESULT trace search vs the same query straight to Elasticsearch (%s): median %.2f, p99 "
                + "%.2f (lower is better)%n", name, api[0] / node[0], api[2] / node[2]);
    }

    private static double millis(Callable<Integer> search) throws Exception {
        long t = System.nanoTime();
        if (search.call() == 0) {
            throw new IllegalStateException("a search found nothing, so it measured nothing");
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /**
     * The limit a search stands on: the two requests Opsplane's trace reader sends for it (trace ids by a terms
     * aggregation, newest first, then those traces' spans), built the same way and sent straight to the node.
     */
    private record DirectSearch(String spanBase, Instant from, Instant to) {

        /** The two requests of one search, sent straight to the node; the call answers how many traces it found. */
        Callable<Integer> search(String service, String operation, String status, Long minMicros) {
            StringBuilder must = new StringBuilder();
            if (minMicros != null) {
                must.append("{\"range\":{\"duration\":{\"gte\":").append(minMicros).append(",\"lte\":")
                        .append(86_400_000_000L).append("}}},");
            }
            must.append("{\"range\":{\"startTimeMillis\":{\"gte\":").append(from.toEpochMilli()).append(",\"lte\":")
                    .append(to.toEpochMilli()).append("}}}");
            must.append(",{\"term\":{\"process.serviceName\":\"").append(service).append("\"}}");
            if (operation != null) {
                must.append(",{\"term\":{\"operationName\":\"").append(operation).append("\"}}");
            }
            if (status != null) {
                // the tag anywhere Jaeger looks, as object fields or nested, as the reader's tag query does for a
                // value without regular-expression operators
                StringBuilder should = new StringBuilder();
                for (String path : List.of("tag", "process.tag", "scopeTag")) {
                    should.append("{\"term\":{\"").append(path).append(".http@status_code\":\"").append(status)
                            .append("\"}},");
                }
                for (String path : List.of("tags", "process.tags", "logs.fields", "scopeTags", "references.tags")) {
                    should.append("{\"nested\":{\"path\":\"").append(path).append("\",\"query\":{\"bool\":{\"must\":[")
                            .append("{\"term\":{\"").append(path).append(".key\":\"http.status_code\"}},")
                            .append("{\"term\":{\"").append(path).append(".value\":\"").append(status)
                            .append("\"}}]}}}},");
                }
                should.setLength(should.length() - 1);
                must.append(",{\"bool\":{\"minimum_should_match\":1,\"should\":[").append(should).append("]}}");
            }
            String ids = "{\"size\":0,\"query\":{\"bool\":{\"must\":[" + must + "]}},\"aggs\":{\"traceIDs\":{"
                    + "\"terms\":{\"field\":\"traceID\",\"size\":20,\"order\":{\"startTime\":\"desc\"}},"
                    + "\"aggs\":{\"startTime\":{\"max\":{\"field\":\"startTime\"}}}}}}";
            return () -> {
                JsonNode found = ApiClient.JSON.readTree(TestElasticsearch.send("POST", "/" + targets(from, to)
                        + "/_search?ignore_unavailable=true", ids));
                List<String> traceIds = new ArrayList<>();
                found.path("aggregations").path("traceIDs").path("buckets")
                        .forEach(b -> traceIds.add("\"" + b.path("key").asString() + "\""));
                if (traceIds.isEmpty()) {
                    return 0;
                }
                String spans = "{\"size\":1000,\"query\":{\"bool\":{\"filter\":[{\"terms\":{\"traceID\":["
                        + String.join(",", traceIds) + "]}}]}},\"sort\":[{\"startTime\":\"asc\"},{\"spanID\":\"asc\"},"
                        + "{\"traceID\":\"asc\"}]}";
                ApiClient.JSON.readTree(TestElasticsearch.send("POST", "/" + targets(from.minusSeconds(3600),
                        to.plusSeconds(3600)) + "/_search?ignore_unavailable=true", spans));
                return traceIds.size();
            };
        }

        /** The daily span indices of the window, as the reader lists them. */
        private String targets(Instant first, Instant last) {
            List<String> days = new ArrayList<>();
            for (java.time.LocalDate d = java.time.LocalDate.ofInstant(first, java.time.ZoneOffset.UTC);
                 !d.isAfter(java.time.LocalDate.ofInstant(last, java.time.ZoneOffset.UTC)); d = d.plusDays(1)) {
                days.add(spanBase + d);
            }
            return String.join(",", days);
        }
    }

    private static int search(ApiClient api, String path) {
        HttpResponse<String> response = api.get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().split("\"processes\"", -1).length - 1;
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
