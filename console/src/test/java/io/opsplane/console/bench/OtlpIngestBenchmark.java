package io.opsplane.console.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * OTLP span ingest through the receiver into Jaeger's span indices on a local single-node
 * Elasticsearch: several exporters at once, each posting batches of 512 spans in protobuf as the
 * Java agent's batch processor does, retrying on 429/503 as the OTLP exporters do. A batch counts
 * once Opsplane answered 200, which it does only after Elasticsearch accepted it.
 */
final class OtlpIngestBenchmark {

    private static final int BATCH = 512;
    private static final int EXPORTERS = 4;
    private static final int SPANS = Integer.getInteger("bench.otlp.spans", 1_200_000);
    private static final int WARM_UP_SPANS = 100_000;
    private static final String[] SERVICES = {"order-service", "inventory-service", "payment-service", "member-service"};

    /** Whether to measure Jaeger's nested tag form too (it doubles the run); the limit is measured on the default form. */
    private static final boolean NESTED = Boolean.parseBoolean(System.getProperty("bench.otlp.nested", "true"));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static void run() throws Exception {
        // Jaeger's default document form (every tag a nested document), then tags as object fields
        if (NESTED) {
            run(false);
        }
        run(true);
    }

    private static void run(boolean tagsAsFields) throws Exception {
        System.out.printf("%n--- tags %s%n", tagsAsFields ? "as object fields (tags-as-fields: true)" : "nested (Jaeger's default)");
        String prefix = TestElasticsearch.uniquePrefix();
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                OrderSaga.create().writeDefinition(Duration.ofMinutes(5))).elasticsearch(prefix)
                .property("opsplane.telemetry.traces.tags-as-fields", tagsAsFields).start()) {
            ApiClient api = opsplane.api();
            System.out.printf("preparing %,d spans in batches of %d…%n", SPANS + WARM_UP_SPANS, BATCH);
            List<byte[]> warmUp = batches(WARM_UP_SPANS);
            List<byte[]> measured = batches(SPANS);

            System.out.printf("warm-up: %,d spans…%n", WARM_UP_SPANS);
            send(api, warmUp, false);
            NodeActivity.awaitMerged();

            long esCpuBefore = elasticsearchCpuNanos();
            NodeActivity nodeBefore = NodeActivity.now();
            long jvmCpuBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
            long began = System.nanoTime();
            long retries = send(api, measured, true);
            double seconds = (System.nanoTime() - began) / 1e9;
            long jvmCpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - jvmCpuBefore;
            long esCpu = elasticsearchCpuNanos() - esCpuBefore;
            System.out.println("Elasticsearch while Opsplane wrote: " + NodeActivity.now().minus(nodeBefore));
            double merged = (NodeActivity.awaitMerged() - began) / 1e9;
            System.out.printf("written and merged: %.1f s = %,.0f spans/s; Elasticsearch CPU per span %.1f µs (%s)%n",
                    merged, measured.size() * BATCH / merged,
                    (elasticsearchCpuNanos() - esCpuBefore) / 1e3 / (measured.size() * BATCH),
                    NodeActivity.now().minus(nodeBefore));

            JsonNode count = ApiClient.JSON.readTree(TestElasticsearch.send("GET", "/" + prefix + "-jaeger-span-*/_count", null));
            long stored = count.path("count").asLong();
            long sent = (long) (warmUp.size() + measured.size()) * BATCH;
            if (stored != sent) {
                throw new IllegalStateException(stored + " spans stored, " + sent + " expected");
            }
            long spans = (long) measured.size() * BATCH;
            System.out.printf("retries after 429/503: %,d; CPU per span: %.1f µs in Opsplane's JVM (receiver and the "
                    + "benchmark's exporters), %.1f µs in Elasticsearch%n", retries, jvmCpu / 1e3 / spans, esCpu / 1e3 / spans);
            System.out.printf("RESULT otlp ingest (tags %s): %,d spans in %.1f s = %,.0f spans/s (%d exporters, batches of %d)%n",
                    tagsAsFields ? "as fields" : "nested", spans, seconds, spans / seconds, EXPORTERS, BATCH);
            if (tagsAsFields) {
                int warmUpSpans = warmUp.size() * BATCH;
                // the limit holds the same spans again as documents: these batches are done with
                warmUp.clear();
                measured.clear();
                Rates limit = rawBulk(prefix, (int) spans, warmUpSpans);
                System.out.printf("RESULT otlp vs raw bulk: %,.0f ÷ %,.0f spans/s = %.2f (higher is better)%n",
                        spans / seconds, limit.written(), spans / seconds / limit.written());
                System.out.printf("RESULT otlp vs raw bulk, written and merged: %,.0f ÷ %,.0f spans/s = %.2f (higher is "
                        + "better)%n", spans / merged, limit.merged(), spans / merged / limit.merged());
            }
        }
    }

    /**
     * The limit OTLP ingest stands on: the documents Opsplane wrote, read back, bulk-written straight to the node in
     * the same batches from as many writers, into indices of the same template, one beside each daily index they came
     * from: spans of the last hour fall on two days' indices after midnight, and so must the limit's. Like Opsplane's,
     * those indices first take the warm-up spans, and the clock starts once the node runs no merge: an empty index
     * merges nothing while it is measured, which made the limit cheaper than the same writes into a used one.
     * Answers spans per second.
     */
    /** Spans per second until the last write was answered, and until the node had also merged what they wrote. */
    record Rates(double written, double merged) {
    }

    private static Rates rawBulk(String prefix, int spans, int warmUpSpans) throws Exception {
        System.out.printf("the limit: reading %,d of the documents back for a plain bulk…%n", spans + warmUpSpans);
        String target = prefix + "-jaeger-span-rawbulk-*";
        List<byte[]> lines = new ArrayList<>(spans);
        java.util.Set<String> indices = new java.util.TreeSet<>();
        JsonNode page = ApiClient.JSON.readTree(TestElasticsearch.send("POST", "/" + prefix
                + "-jaeger-span-2*/_search?scroll=2m", "{\"size\":5000,\"sort\":[\"_doc\"]}"));
        while (lines.size() < spans + warmUpSpans && !page.path("hits").path("hits").isEmpty()) {
            for (JsonNode hit : page.path("hits").path("hits")) {
                if (lines.size() == spans + warmUpSpans) {
                    break;
                }
                String index = hit.path("_index").asString().replace("-jaeger-span-", "-jaeger-span-rawbulk-");
                indices.add(index);
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                line.writeBytes(("{\"index\":{\"_index\":\"" + index + "\"}}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                line.writeBytes(ApiClient.JSON.writeValueAsBytes(hit.path("_source")));
                line.write('\n');
                lines.add(line.toByteArray());
            }
            page = ApiClient.JSON.readTree(TestElasticsearch.send("POST", "/_search/scroll",
                    "{\"scroll\":\"2m\",\"scroll_id\":\"" + page.path("_scroll_id").asString() + "\"}"));
        }
        TestElasticsearch.send("DELETE", "/_search/scroll/_all", null);
        // the scroll answers one index after the other; the exporters' batches mixed the days, so these do too
        java.util.Collections.shuffle(lines, new java.util.Random(42));
        int read = lines.size() - warmUpSpans;
        List<byte[]> warmUpBulks = new ArrayList<>();
        List<byte[]> bulks = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += BATCH) {
            java.io.ByteArrayOutputStream bulk = new java.io.ByteArrayOutputStream();
            for (int i = from; i < Math.min(lines.size(), from + BATCH); i++) {
                bulk.writeBytes(lines.get(i));
                lines.set(i, null); // held once, in its bulk: the documents of a long run would not fit twice
            }
            (from < warmUpSpans ? warmUpBulks : bulks).add(bulk.toByteArray());
        }
        lines.clear();
        String url = TestElasticsearch.url();
        // the indices in the state Opsplane's were in when its clock started: holding the warm-up spans, merges done
        Benchmarks.onThreads(EXPORTERS, warmUpBulks.size(), i -> bulk(url, warmUpBulks.get(i)));
        NodeActivity.awaitMerged();
        long esCpuBefore = elasticsearchCpuNanos();
        NodeActivity nodeBefore = NodeActivity.now();
        long began = System.nanoTime();
        Benchmarks.onThreads(EXPORTERS, bulks.size(), i -> bulk(url, bulks.get(i)));
        double seconds = (System.nanoTime() - began) / 1e9;
        long esCpu = elasticsearchCpuNanos() - esCpuBefore;
        System.out.println("Elasticsearch during the plain bulk: " + NodeActivity.now().minus(nodeBefore));
        double merged = (NodeActivity.awaitMerged() - began) / 1e9;
        System.out.printf("written and merged: %.1f s = %,.0f spans/s; Elasticsearch CPU per span %.1f µs (%s)%n",
                merged, read / merged, (elasticsearchCpuNanos() - esCpuBefore) / 1e3 / read,
                NodeActivity.now().minus(nodeBefore));
        long stored = ApiClient.JSON.readTree(TestElasticsearch.send("GET", "/" + target + "/_count", null))
                .path("count").asLong();
        if (stored != read + warmUpSpans) {
            throw new IllegalStateException(stored + " documents in the plain bulk's index, " + (read + warmUpSpans)
                    + " expected");
        }
        System.out.printf("RESULT otlp raw bulk (the limit): %,d span documents in %.1f s = %,.0f spans/s (%d writers, "
                + "bulks of %d, %d daily indices as Opsplane wrote them); %.1f µs of Elasticsearch CPU per span%n", read,
                seconds, read / seconds, EXPORTERS, BATCH, indices.size(), esCpu / 1e3 / read);
        return new Rates(read / seconds, read / merged);
    }

    private static void bulk(String url, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url + "/_bulk")).header("Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\":true")) {
            throw new IllegalStateException("bulk answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
    }

    /** Posts every batch from {@link #EXPORTERS} threads; answers how many posts had to be retried. */
    private static long send(ApiClient api, List<byte[]> batches, boolean showProgress) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        long began = System.nanoTime();
        Benchmarks.onThreads(EXPORTERS, batches.size(), i -> {
            Benchmarks.postUntilAccepted("receiver", () -> api.ingest().post("/v1/traces", "application/x-protobuf",
                    batches.get(i), Map.of()).statusCode(), 200, retries);
            done.incrementAndGet();
        }, () -> {
            if (showProgress) {
                double seconds = (System.nanoTime() - began) / 1e9;
                System.out.printf("  %5.1f s  %,9d / %,d spans written  (%,.0f spans/s so far)%n", seconds,
                        done.get() * BATCH, batches.size() * (long) BATCH, done.get() * BATCH / seconds);
            }
        });
        return retries.get();
    }

    /** Batches like a service's: one resource, one scope, spans of a few traces with the usual attributes. */
    private static List<byte[]> batches(int spans) {
        List<byte[]> batches = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        for (int b = 0; b < spans / BATCH; b++) {
            String service = SERVICES[b % SERVICES.length];
            ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.spring-webmvc-6.0").setVersion("2.33.1-alpha"));
            ByteString traceId = null;
            ByteString rootId = null;
            for (int s = 0; s < BATCH; s++) {
                if (s % 8 == 0) {
                    traceId = randomId(random, 16);
                    rootId = randomId(random, 8);
                }
                long start = now - random.nextLong(3_600_000_000_000L);
                Span.Builder span = Span.newBuilder().setTraceId(traceId)
                        .setSpanId(s % 8 == 0 ? rootId : randomId(random, 8))
                        .setName(s % 8 == 0 ? "POST /orders" : "SELECT orders")
                        .setKind(s % 8 == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(start)
                        .setEndTimeUnixNano(start + random.nextLong(1_000_000L, 500_000_000L))
                        .addAttributes(attribute("http.request.method", "POST"))
                        .addAttributes(attribute("url.path", "/orders"))
                        .addAttributes(attribute("server.address", service))
                        .addAttributes(attribute("thread.name", "http-nio-8080-exec-" + (s % 10)))
                        .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                                .setValue(AnyValue.newBuilder().setIntValue(s % 50 == 0 ? 500 : 200)));
                if (s % 8 != 0) {
                    span.setParentSpanId(rootId);
                }
                if (s % 50 == 0) {
                    span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
                }
                scope.addSpans(span);
            }
            batches.add(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder()
                            .addAttributes(attribute("service.name", service))
                            .addAttributes(attribute("service.version", "1.4.2"))
                            .addAttributes(attribute("host.name", service + "-7d9f8c-x2v4q"))
                            .addAttributes(attribute("telemetry.sdk.language", "java"))
                            .addAttributes(attribute("telemetry.sdk.version", "1.50.0")))
                    .addScopeSpans(scope)).build().toByteArray());
        }
        return batches;
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString randomId(ThreadLocalRandom random, int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        id[0] |= 1;
        return ByteString.copyFrom(id);
    }

    /** CPU used so far by the Elasticsearch node (a java process running org.elasticsearch). */
    private static long elasticsearchCpuNanos() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("org.elasticsearch.bootstrap")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** What the node did, from its own counters: where its CPU went besides indexing. */
    record NodeActivity(long indexed, long indexMillis, long searches, long mergeMillis, long mergedDocs, long refreshes,
                        long refreshMillis, long flushes) {

        static NodeActivity now() throws Exception {
            JsonNode node = ApiClient.JSON.readTree(TestElasticsearch.send("GET",
                    "/_nodes/_local/stats/indices/indexing,search,merge,refresh,flush", null)).path("nodes")
                    .properties().iterator().next().getValue().path("indices");
            return new NodeActivity(node.path("indexing").path("index_total").asLong(),
                    node.path("indexing").path("index_time_in_millis").asLong(),
                    node.path("search").path("query_total").asLong(),
                    node.path("merges").path("total_time_in_millis").asLong(),
                    node.path("merges").path("total_docs").asLong(),
                    node.path("refresh").path("total").asLong(),
                    node.path("refresh").path("total_time_in_millis").asLong(),
                    node.path("flush").path("total").asLong());
        }

        /**
         * Refreshes, then waits until the node has run no merge for three polls in a row (a refresh schedules its
         * merges a moment later); answers when the first of those polls was made, in {@link System#nanoTime}.
         */
        static long awaitMerged() throws Exception {
            TestElasticsearch.refresh();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            long quietSince = 0;
            int quietPolls = 0;
            while (quietPolls < 3 && System.nanoTime() < deadline) {
                long polled = System.nanoTime();
                boolean merging = ApiClient.JSON.readTree(TestElasticsearch.send("GET",
                        "/_nodes/_local/stats/indices/merge", null)).path("nodes").properties().iterator().next()
                        .getValue().path("indices").path("merges").path("current").asLong() > 0;
                if (merging) {
                    quietPolls = 0;
                } else if (quietPolls++ == 0) {
                    quietSince = polled;
                }
                if (quietPolls < 3) {
                    Thread.sleep(300);
                }
            }
            return quietSince;
        }

        NodeActivity minus(NodeActivity before) {
            return new NodeActivity(indexed - before.indexed, indexMillis - before.indexMillis,
                    searches - before.searches, mergeMillis - before.mergeMillis, mergedDocs - before.mergedDocs,
                    refreshes - before.refreshes, refreshMillis - before.refreshMillis, flushes - before.flushes);
        }

        @Override
        public String toString() {
            return String.format("%,d documents indexed in %,d ms; %,d searches; merges %,d ms over %,d documents; "
                    + "%,d refreshes in %,d ms; %,d flushes", indexed, indexMillis, searches, mergeMillis, mergedDocs,
                    refreshes, refreshMillis, flushes);
        }
    }
}
