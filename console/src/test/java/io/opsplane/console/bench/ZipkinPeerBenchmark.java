package io.opsplane.console.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestSearchEngine;
import tools.jackson.databind.JsonNode;

/**
 * Opsplane beside a peer, in one run: Zipkin server 3.5.1 with its Elasticsearch storage and Opsplane on the same
 * OpenSearch 2.19 node (Zipkin's storage cannot start against the Elasticsearch integ-test distribution, whose
 * {@code GET /} answers 405), both given the same spans, Zipkin's as JSON to {@code /api/v2/spans}, Opsplane's as
 * OTLP protobuf to {@code /v1/traces}; then the same trace by id, search by service and search by service and tag
 * through each one's own API (Zipkin's {@code /api/v2}, Opsplane's Jaeger API), the two asked in turns. Each server
 * runs in a JVM of its own with the same heap; this JVM only sends and measures. OpenSearch runs with
 * {@code http.compression=false}: Zipkin's HTTP client cannot read the compressed answers it sends otherwise.
 */
final class ZipkinPeerBenchmark {

    private static final int SPANS = Integer.getInteger("bench.zipkin.spans", 200_000);
    private static final int RUNS = Integer.getInteger("bench.zipkin.runs", 50);
    private static final int WARM_UP_SPANS = 20_000;
    private static final int SPANS_PER_TRACE = 10;
    private static final int SERVICES = 20;
    /** 50 traces of 10 spans a post, about the 512 spans of an agent's batch. */
    private static final int TRACES_PER_BATCH = 50;
    private static final int SENDERS = 4;
    private static final Duration SEARCH_WINDOW = Duration.ofHours(4);
    /** Requests to each server between two looks at their compilers, after the fixed warm-ups. */
    private static final int QUIET_ROUND = 1_000;
    /** The compilers are quiet when they take less than this share of each server's CPU over a round. */
    private static final double QUIET_COMPILER_SHARE = 0.03;
    private static final int MAX_QUIET_ROUNDS = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The high half of every trace id of the run: ids of 128 bits, as both accept, and unlike any earlier run's. */
    private static final long TRACE_HIGH = new Random().nextLong() | 1L << 62;

    static void run() throws Exception {
        // both settings must be there before the node's first use, which starts it
        String settings = System.getProperty("opsplane.opensearch.settings", "");
        System.setProperty("opsplane.opensearch.settings", (settings + " http.compression=false").trim());
        if (System.getProperty("opsplane.es.heap") == null) {
            System.setProperty("opsplane.es.heap", "-Xms1g -Xmx1g");
        }
        TestSearchEngine node = TestSearchEngine.openSearch();
        System.out.printf("OpenSearch node at %s%n", node.url());
        String prefix = TestSearchEngine.uniquePrefix();
        String zipkinIndex = "z" + prefix;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        System.out.printf("preparing %,d + %,d warm-up spans (%d-span traces over %d services) in both forms…%n", SPANS,
                WARM_UP_SPANS, SPANS_PER_TRACE, SERVICES);
        int warmUpTraces = WARM_UP_SPANS / SPANS_PER_TRACE;
        int traces = SPANS / SPANS_PER_TRACE;
        Batches warmUp = Batches.of(now, 0, warmUpTraces);
        Batches measured = Batches.of(now, warmUpTraces, warmUpTraces + traces);

        // each server in a JVM of its own with the same heap, as Zipkin always was; the measuring client in this one
        try (OpsplaneServer opsplane = OpsplaneServer.start(OpsplaneInstance.on(TestPostgres.newDatabase(),
                        new OrderSaga("zipkinbench").writeDefinition(Duration.ofMinutes(5)))
                .searchEngine(node, prefix).property("opsplane.ingest.enabled", false));
             ZipkinServer zipkin = ZipkinServer.start(node.url(), zipkinIndex)) {
            ApiClient api = opsplane.api();
            ApiClient exporter = api.ingest();
            Function<byte[], Integer> toOpsplane = body -> exporter.post("/v1/traces", "application/x-protobuf", body,
                    Map.of()).statusCode();
            Function<byte[], Integer> toZipkin = body -> zipkin.postSpans(body);
            String opsplaneSpans = prefix + "-jaeger-span-*";
            String zipkinSpans = zipkinIndex + "*span*";

            System.out.println("warm-up: the same spans to each…");
            ingest(node, "Opsplane", warmUp.otlp, toOpsplane, 200, opsplaneSpans, WARM_UP_SPANS);
            ingest(node, "Zipkin", warmUp.zipkin, toZipkin, 202, zipkinSpans, WARM_UP_SPANS);

            System.out.printf("ingest: %,d spans to each, %d senders at once…%n", SPANS, SENDERS);
            double opsplaneRate = ingest(node, "Opsplane", measured.otlp, toOpsplane, 200, opsplaneSpans,
                    WARM_UP_SPANS + SPANS);
            double zipkinRate = ingest(node, "Zipkin", measured.zipkin, toZipkin, 202, zipkinSpans, WARM_UP_SPANS + SPANS);
            System.out.printf("RESULT zipkin peer ingest: Opsplane %,.0f spans/s, Zipkin %,.0f spans/s, ratio %.2f "
                    + "(higher is better)%n", opsplaneRate, zipkinRate, opsplaneRate / zipkinRate);

            settle(node);
            // a window end a millisecond later each run, so that no search is answered from the node's request cache
            long endMillis = Instant.now().toEpochMilli();
            long lookback = SEARCH_WINDOW.toMillis();
            String tag = "{\"http.status_code\":\"500\"}";
            Map<String, Search> searches = new LinkedHashMap<>();
            searches.put("trace by id", new Search(
                    run -> "/jaeger/api/traces/" + measured.traceId(run * 37 % traces),
                    run -> "/api/v2/trace/" + measured.traceId(run * 37 % traces)));
            searches.put("search by service", new Search(
                    run -> "/jaeger/api/traces?service=svc-7&limit=20" + jaegerWindow(endMillis + run, lookback),
                    run -> "/api/v2/traces?serviceName=svc-7&limit=20&endTs=" + (endMillis + run) + "&lookback="
                            + lookback));
            searches.put("search by service + tag", new Search(
                    run -> "/jaeger/api/traces?service=svc-7&limit=20&tags=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)
                            + jaegerWindow(endMillis + run, lookback),
                    run -> "/api/v2/traces?serviceName=svc-7&limit=20&annotationQuery="
                            + URLEncoder.encode("http.status_code=500", StandardCharsets.UTF_8) + "&endTs="
                            + (endMillis + run) + "&lookback=" + lookback));
            for (Map.Entry<String, Search> search : searches.entrySet()) {
                Search s = search.getValue();
                ServerCpu cpu = new ServerCpu(opsplane.process, zipkin.process);
                double[][] both = latencies(run -> jaegerTraces(api, s.opsplane.apply(run)),
                        run -> zipkinTraces(zipkin, s.zipkin.apply(run)), cpu);
                double[] ours = both[0];
                double[] theirs = both[1];
                System.out.printf("RESULT zipkin peer %s over %,d spans: Opsplane median %.2f ms, p99 %.1f ms; Zipkin "
                                + "median %.2f ms, p99 %.1f ms; ratio median %.2f, p99 %.2f (lower is better; %d runs)%n",
                        search.getKey(), WARM_UP_SPANS + SPANS, ours[0], ours[1], theirs[0], theirs[1],
                        ours[0] / theirs[0], ours[1] / theirs[1], RUNS);
                System.out.printf("RESULT zipkin peer %s, server CPU per request over the last %,d: Opsplane %.0f µs, "
                                + "Zipkin %.0f µs, ratio %.2f (lower is better; each less its own idle CPU); after %,d "
                                + "warm-ups, the compilers then %.1f %% of Opsplane's CPU and %.1f %% of Zipkin's%n",
                        search.getKey(), QUIET_ROUND + RUNS, cpu.oursMicros, cpu.theirsMicros,
                        cpu.oursMicros / cpu.theirsMicros, cpu.warmUps, cpu.oursCompilerShare * 100, cpu.theirsCompilerShare * 100);
            }

            // the fixed price of each server's way in and out: a request that asks the node nothing, sign-in and all
            double[][] empty = latencies(run -> answered(jaegerGet(api, "/actuator/info")),
                    run -> answered(zipkin.get("/info")), null);
            System.out.printf("RESULT zipkin peer a request that asks the node nothing (Opsplane /actuator/info, Zipkin "
                            + "/info): Opsplane median %.2f ms, p99 %.1f ms; Zipkin median %.2f ms, p99 %.1f ms; ratio "
                            + "median %.2f (lower is better; %d runs)%n", empty[0][0], empty[0][1], empty[1][0],
                    empty[1][1], empty[0][0] / empty[1][0], RUNS);

            // where trace by id spends its time: each one's own query straight to the node, through one client
            double[][] atNode = latencies(run -> hits(node, opsplaneSpans,
                    opsplaneTraceQuery(measured.traceId(run * 37 % traces))), run -> hits(node, zipkinSpans,
                    zipkinTraceQuery(measured.traceId(run * 37 % traces))), null);
            double[] oursAtNode = atNode[0];
            double[] theirsAtNode = atNode[1];
            System.out.printf("RESULT zipkin peer trace by id straight to the node: Opsplane's query median %.2f ms, "
                            + "p99 %.1f ms; Zipkin's query median %.2f ms, p99 %.1f ms; ratio median %.2f (lower is "
                            + "better; %d runs)%n", oursAtNode[0], oursAtNode[1], theirsAtNode[0], theirsAtNode[1],
                    oursAtNode[0] / theirsAtNode[0], RUNS);
        }
    }

    private record Search(Function<Integer, String> opsplane, Function<Integer, String> zipkin) {
    }

    /**
     * Waits until the node has merged what ingest left behind (no merge running on two looks a second apart), so
     * that neither side's searches run beside the other's merges.
     */
    private static void settle(TestSearchEngine node) throws InterruptedException {
        System.out.println("waiting for the node's merges to end…");
        node.send("POST", "/_refresh", null);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            JsonNode nodes = ApiClient.JSON.readTree(node.send("GET", "/_nodes/stats/indices/merge", null)).path("nodes");
            long merging = 0;
            for (JsonNode n : nodes) {
                merging += n.path("indices").path("merges").path("current").asLong();
            }
            quiet = merging == 0 ? quiet + 1 : 0;
        }
    }

    /** The console in a JVM of its own, as Zipkin is: the same heap, answering on a port of its own. */
    private record OpsplaneServer(Process process, ApiClient api) implements AutoCloseable {

        static OpsplaneServer start(OpsplaneInstance.Builder instance) throws IOException, InterruptedException {
            int port = freePort();
            Path log = Files.createTempFile("opsplane-bench-console-", ".log");
            System.out.printf("starting Opsplane on port %d (log %s)…%n", port, log);
            OpsplaneServer opsplane = new OpsplaneServer(instance.startProcess(port, log, serverJvm()),
                    new ApiClient("http://127.0.0.1:" + port));
            awaitHealthy("Opsplane", opsplane.process, log,
                    () -> opsplane.api.get("/actuator/health/readiness").statusCode() == 200);
            return opsplane;
        }

        /** The same heap as Zipkin's, and more options when given (space-separated), e.g. to profile the console. */
        private static List<String> serverJvm() {
            List<String> options = new ArrayList<>(List.of("-Xms512m", "-Xmx1g"));
            String more = System.getProperty("bench.opsplane.jvm", "none");
            if (!more.equals("none")) {
                options.addAll(List.of(more.trim().split("\\s+")));
            }
            return options;
        }

        @Override
        public void close() {
            stop(process);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Waits up to three minutes for a server started as {@code process} to answer {@code ready}. */
    private static void awaitHealthy(String name, Process process, Path log, BooleanSupplier ready)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stop(process);
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException(name + " did not start:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends every batch from {@link #SENDERS} threads (retrying on 429/503 as exporters do), then waits until the
     * node counts {@code expected} spans in {@code indices}: Zipkin answers 202 before it stores, Opsplane 200 after
     * the bulk write, so the clock stops for both when the spans can be found. Answers spans per second.
     */
    private static double ingest(TestSearchEngine node, String name, List<byte[]> batches,
                                 Function<byte[], Integer> post, int accepted, String indices, long expected)
            throws Exception {
        AtomicLong retries = new AtomicLong();
        long began = System.nanoTime();
        Benchmarks.onThreads(SENDERS, batches.size(), i ->
                Benchmarks.postUntilAccepted(name, () -> post.apply(batches.get(i)), accepted, retries));
        double acknowledged = (System.nanoTime() - began) / 1e9;
        long stored = 0;
        long lastChange = System.nanoTime();
        while (stored < expected) {
            Thread.sleep(200);
            long count;
            try {
                node.send("POST", "/" + indices + "/_refresh", null);
                count = ApiClient.JSON.readTree(node.send("GET", "/" + indices + "/_count", null)).path("count").asLong();
            } catch (IllegalStateException shardsNotReady) {
                // an index just created answers 503 until its shard is allocated
                count = stored;
            }
            if (count != stored) {
                stored = count;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(30).toNanos()) {
                throw new IllegalStateException(name + " stored " + stored + " spans of " + expected
                        + " and no more for 30 s");
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long spans = (long) batches.size() * TRACES_PER_BATCH * SPANS_PER_TRACE;
        System.out.printf("  %-8s %,d spans acknowledged in %.1f s, all searchable after %.1f s = %,.0f spans/s "
                + "(%,d retries)%n", name, spans, acknowledged, seconds, spans / seconds, retries.get());
        return spans / seconds;
    }

    /**
     * One answer as it arrived, and how to count what it found. The clock stops when the answer has arrived: reading
     * it is the caller's work, and Opsplane's Jaeger JSON is twice the size of Zipkin's for the same spans.
     */
    private record Received(String body, ToIntFunction<String> found) {
    }

    /**
     * The CPU each server's process spends per request over the last warm-up round and the measured runs, after
     * warm-ups that went on until both servers' compilers were quiet: on a shared machine a steadier figure than latency, which also carries the
     * waits of two busy cores. Each process's idle CPU (timers, scans) is measured first and taken off at the same
     * rate.
     */
    private static final class ServerCpu {
        private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);
        private final Process ours;
        private final Process theirs;
        private long oursIdleNanos;
        private long theirsIdleNanos;
        private long oursStart;
        private long theirsStart;
        private ThreadCpu oursThreadsStart;
        private ThreadCpu theirsThreadsStart;
        private long startedAt;
        double oursMicros;
        double theirsMicros;
        /** The compilers' share of each process's CPU over the last span counted. */
        double oursCompilerShare;
        double theirsCompilerShare;
        /** Requests each side had answered before the measured runs. */
        int warmUps;

        ServerCpu(Process ours, Process theirs) {
            this.ours = ours;
            this.theirs = theirs;
        }

        void sampleIdle() throws InterruptedException {
            long ours0 = cpuNanos(ours);
            long theirs0 = cpuNanos(theirs);
            Thread.sleep(IDLE_SAMPLE);
            oursIdleNanos = cpuNanos(ours) - ours0;
            theirsIdleNanos = cpuNanos(theirs) - theirs0;
        }

        void start() {
            startedAt = System.nanoTime();
            oursStart = cpuNanos(ours);
            theirsStart = cpuNanos(theirs);
            oursThreadsStart = ThreadCpu.of(ours);
            theirsThreadsStart = ThreadCpu.of(theirs);
        }

        void stop(int requests) {
            double idleShare = (double) (System.nanoTime() - startedAt) / IDLE_SAMPLE.toNanos();
            oursMicros = (cpuNanos(ours) - oursStart - oursIdleNanos * idleShare) / requests / 1000.0;
            theirsMicros = (cpuNanos(theirs) - theirsStart - theirsIdleNanos * idleShare) / requests / 1000.0;
            oursCompilerShare = compilerShare(ThreadCpu.of(ours).minus(oursThreadsStart));
            theirsCompilerShare = compilerShare(ThreadCpu.of(theirs).minus(theirsThreadsStart));
        }

        boolean compilersQuiet() {
            return oursCompilerShare < QUIET_COMPILER_SHARE && theirsCompilerShare < QUIET_COMPILER_SHARE;
        }

        private static double compilerShare(ThreadCpu used) {
            return (double) used.compilerNanos() / Math.max(1, used.allNanos());
        }

        private static long cpuNanos(Process process) {
            return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
        }
    }

    /**
     * Median and p99 in ms of {@link #RUNS} runs of each side, taken in turns (the first to go changing every run), so
     * that both meet the machine in the same state: measured one side after the other, the trace-by-id ratio moved
     * between 1.98 and 3.08 from run to run (docs/benchmarks.md). Before them, {@link Benchmarks#SEARCH_WARMUPS}
     * warm-ups of each side and, when the servers' CPU is counted, rounds of {@link #QUIET_ROUND} more until both
     * servers' compilers are quiet. A run must find something.
     */
    private static double[][] latencies(Function<Integer, Received> ours, Function<Integer, Received> theirs,
                                        ServerCpu cpu) throws InterruptedException {
        if (cpu != null) {
            cpu.sampleIdle();
        }
        int sent = 0;
        for (; sent < Benchmarks.SEARCH_WARMUPS; sent++) {
            ours.apply(RUNS + sent);
            theirs.apply(RUNS + sent);
        }
        if (cpu != null) {
            // code run once a request is compiled by C2 only after thousands of requests; until then the compilers
            // take the cores from the measured runs, more on one side than on the other
            for (int round = 1; ; round++) {
                cpu.start();
                for (int i = 0; i < QUIET_ROUND; i++, sent++) {
                    ours.apply(RUNS + sent);
                    theirs.apply(RUNS + sent);
                }
                cpu.stop(QUIET_ROUND);
                System.out.printf("  warm-up round %d: compilers %.1f %% of Opsplane's CPU, %.1f %% of Zipkin's%n",
                        round, cpu.oursCompilerShare * 100, cpu.theirsCompilerShare * 100);
                if (cpu.compilersQuiet() || round == MAX_QUIET_ROUNDS) {
                    break;
                }
            }
            cpu.warmUps = sent;
        }
        List<Double> oursMillis = new ArrayList<>();
        List<Double> theirsMillis = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            if (run % 2 == 0) {
                oursMillis.add(millis(ours, run));
                theirsMillis.add(millis(theirs, run));
            } else {
                theirsMillis.add(millis(theirs, run));
                oursMillis.add(millis(ours, run));
            }
        }
        if (cpu != null) {
            // counted from the start of the last, quiet round: a few hundred requests are too few for CPU clock ticks
            cpu.stop(QUIET_ROUND + RUNS);
        }
        return new double[][] {medianAndP99(oursMillis), medianAndP99(theirsMillis)};
    }

    private static double millis(Function<Integer, Received> search, int run) {
        long t = System.nanoTime();
        Received answer = search.apply(run);
        double millis = (System.nanoTime() - t) / 1e6;
        if (answer.found().applyAsInt(answer.body()) == 0) {
            throw new IllegalStateException("a search found nothing, so it measured nothing");
        }
        return millis;
    }

    private static double[] medianAndP99(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        return new double[] {sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1)};
    }

    /** The trace's spans as Opsplane's trace reader asks for them: every stored form of the id, in span order. */
    private static String opsplaneTraceQuery(String traceId) {
        return """
                {"size":1000,"query":{"bool":{"filter":[{"terms":{"traceID":%s}}]}},\
                "sort":[{"startTime":"asc"},{"spanID":"asc"},{"traceID":"asc"}]}"""
                .formatted(ApiClient.JSON.writeValueAsString(TraceIds.storedForms(traceId)));
    }

    /** The trace's spans as Zipkin's Elasticsearch storage asks for them (its SearchRequest: a filter, no sort). */
    private static String zipkinTraceQuery(String traceId) {
        return """
                {"size":10000,"query":{"bool":{"filter":{"term":{"traceId":"%s"}}}}}""".formatted(traceId);
    }

    /** How many documents the node found for {@code query} over {@code indices}. */
    private static Received hits(TestSearchEngine node, String indices, String query) {
        return new Received(node.send("POST", "/" + indices + "/_search?ignore_unavailable=true"
                + "&allow_no_indices=true", query),
                body -> ApiClient.JSON.readTree(body).path("hits").path("hits").size());
    }

    /** How many traces (a search) or spans (one trace) Opsplane's Jaeger API answered. */
    private static Received jaegerTraces(ApiClient api, String path) {
        return received(jaegerGet(api, path), body -> {
            JsonNode data = ApiClient.JSON.readTree(body).path("data");
            return path.contains("?") ? data.size() : data.path(0).path("spans").size();
        });
    }

    private static HttpResponse<String> jaegerGet(ApiClient api, String path) {
        // through the client Zipkin is asked with (HTTP/1.1), so both answers travel alike
        return ApiClient.send(HTTP, api.request(path).GET().build());
    }

    /** How many traces (a search) or spans (one trace) Zipkin's API answered. */
    private static Received zipkinTraces(ZipkinServer zipkin, String path) {
        return received(zipkin.get(path), body -> ApiClient.JSON.readTree(body).size());
    }

    /** Any answer of 200, counted as one found: for requests that look nothing up. */
    private static Received answered(HttpResponse<String> response) {
        return received(response, body -> 1);
    }

    private static Received received(HttpResponse<String> response, ToIntFunction<String> found) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Received(response.body(), found);
    }

    private static String jaegerWindow(long endMillis, long lookbackMillis) {
        return "&start=" + (endMillis - lookbackMillis) * 1000 + "&end=" + endMillis * 1000;
    }

    /** The same spans as OTLP requests for Opsplane and Zipkin v2 JSON lists, batch for batch. */
    private record Batches(List<byte[]> otlp, List<byte[]> zipkin) {

        /** Traces {@code from} to {@code to} (exclusive) of 10 spans over 20 services, started in the last hour. */
        static Batches of(Instant now, int from, int to) {
            List<byte[]> otlp = new ArrayList<>();
            List<byte[]> zipkin = new ArrayList<>();
            for (int first = from; first < to; first += TRACES_PER_BATCH) {
                Random random = new Random(first);
                Map<Integer, List<Span>> perService = new LinkedHashMap<>();
                StringBuilder json = new StringBuilder("[");
                for (int t = first; t < Math.min(to, first + TRACES_PER_BATCH); t++) {
                    long startMicros = (now.toEpochMilli() - random.nextLong(3_600_000L)) * 1000;
                    boolean failed = random.nextInt(50) == 0;
                    for (int i = 1; i <= SPANS_PER_TRACE; i++) {
                        int service = (t + i) % SERVICES;
                        String operation = "op-" + (i + t % 5);
                        long start = startMicros + i * 1000L;
                        long micros = 200 + random.nextInt(40_000);
                        boolean error = failed && i == 1;
                        int status = failed ? 500 : 200;
                        String customer = "c-" + random.nextInt(10_000);
                        String traceId = traceIdOf(t);
                        String spanId = "%016x".formatted((long) t << 8 | i);
                        String parentId = i == 1 ? null : "%016x".formatted((long) t << 8 | 1);

                        Span.Builder span = Span.newBuilder().setTraceId(bytes(traceId)).setSpanId(bytes(spanId))
                                .setName(operation)
                                .setKind(i == 1 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_INTERNAL)
                                .setStartTimeUnixNano(start * 1000).setEndTimeUnixNano((start + micros) * 1000)
                                .addAttributes(attribute("http.status_code", AnyValue.newBuilder().setIntValue(status)))
                                .addAttributes(attribute("customer.id", AnyValue.newBuilder().setStringValue(customer)));
                        if (parentId != null) {
                            span.setParentSpanId(bytes(parentId));
                        }
                        if (error) {
                            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
                        }
                        perService.computeIfAbsent(service, s -> new ArrayList<>()).add(span.build());

                        if (json.length() > 1) {
                            json.append(',');
                        }
                        json.append("{\"traceId\":\"").append(traceId).append("\",\"id\":\"").append(spanId).append('"');
                        if (parentId != null) {
                            json.append(",\"parentId\":\"").append(parentId).append('"');
                        } else {
                            json.append(",\"kind\":\"SERVER\"");
                        }
                        json.append(",\"name\":\"").append(operation).append("\",\"timestamp\":").append(start)
                                .append(",\"duration\":").append(micros)
                                .append(",\"localEndpoint\":{\"serviceName\":\"svc-").append(service).append("\"}")
                                .append(",\"tags\":{\"http.status_code\":\"").append(status)
                                .append("\",\"customer.id\":\"").append(customer).append('"');
                        if (error) {
                            json.append(",\"error\":\"true\"");
                        }
                        json.append("}}");
                    }
                }
                ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
                perService.forEach((service, spans) -> request.addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attribute("service.name",
                                AnyValue.newBuilder().setStringValue("svc-" + service))))
                        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))));
                otlp.add(request.build().toByteArray());
                zipkin.add(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
            }
            return new Batches(otlp, zipkin);
        }

        /** The hex id of the run's trace number {@code t} counted from the start of the measured traces. */
        String traceId(int t) {
            return traceIdOf(WARM_UP_SPANS / SPANS_PER_TRACE + t);
        }

        private static String traceIdOf(int t) {
            return "%016x%016x".formatted(TRACE_HIGH, t + 1L);
        }

        private static ByteString bytes(String hex) {
            return ByteString.copyFrom(HexFormat.of().parseHex(hex));
        }

        private static KeyValue attribute(String key, AnyValue.Builder value) {
            return KeyValue.newBuilder().setKey(key).setValue(value).build();
        }
    }

    /** Zipkin's executable jar run on this JVM's {@code java}, on a free port, storing in the given node. */
    private static final class ZipkinServer implements AutoCloseable {

        private final Process process;
        private final String url;

        private ZipkinServer(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static ZipkinServer start(String searchUrl, String index) throws IOException, InterruptedException {
            Path jar = Path.of(System.getProperty("bench.zipkin.jar", System.getProperty("user.home")
                    + "/.m2/repository/io/zipkin/zipkin-server/3.5.1/zipkin-server-3.5.1-exec.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no Zipkin server at " + jar + ": the bench profile copies it "
                        + "(io.zipkin:zipkin-server:3.5.1:exec); run through Maven");
            }
            int port = freePort();
            Path log = Files.createTempFile("opsplane-bench-zipkin-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xms512m", "-Xmx1g", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("QUERY_PORT", String.valueOf(port));
            env.put("STORAGE_TYPE", "elasticsearch");
            env.put("ES_HOSTS", searchUrl);
            env.put("ES_INDEX", index);
            // the layout of Opsplane's span indices on the same node: one shard, no replica
            env.put("ES_INDEX_SHARDS", "1");
            env.put("ES_INDEX_REPLICAS", "0");
            System.out.printf("starting Zipkin %s on port %d (log %s)…%n", jar.getFileName(), port, log);
            ZipkinServer zipkin = new ZipkinServer(builder.start(), "http://127.0.0.1:" + port);
            awaitHealthy("Zipkin", zipkin.process, log, () -> zipkin.get("/health").statusCode() == 200);
            return zipkin;
        }

        int postSpans(byte[] json) {
            return send(HttpRequest.newBuilder(URI.create(url + "/api/v2/spans")).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)).build()).statusCode();
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(url + path)).GET().build());
        }

        private static HttpResponse<String> send(HttpRequest request) {
            return ApiClient.send(HTTP, request);
        }

        @Override
        public void close() {
            stop(process);
        }
    }
}
