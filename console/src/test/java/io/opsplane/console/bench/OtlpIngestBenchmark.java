package io.opsplane.console.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private static final int SPANS = Integer.getInteger("bench.otlp.spans", 400_000);
    private static final int WARM_UP_SPANS = 100_000;
    private static final String[] SERVICES = {"order-service", "inventory-service", "payment-service", "member-service"};

    static void run() throws Exception {
        // Jaeger's default document form (every tag a nested document), then tags as object fields
        run(false);
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

            long esCpuBefore = elasticsearchCpuNanos();
            long jvmCpuBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
            long began = System.nanoTime();
            long retries = send(api, measured, true);
            double seconds = (System.nanoTime() - began) / 1e9;
            long jvmCpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - jvmCpuBefore;
            long esCpu = elasticsearchCpuNanos() - esCpuBefore;

            TestElasticsearch.refresh();
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
        }
    }

    /** Posts every batch from {@link #EXPORTERS} threads; answers how many posts had to be retried. */
    private static long send(ApiClient api, List<byte[]> batches, boolean showProgress) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        ExecutorService exporters = Executors.newFixedThreadPool(EXPORTERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int e = 0; e < EXPORTERS; e++) {
                running.add(exporters.submit(() -> {
                    for (long i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        while (true) {
                            HttpResponse<byte[]> response = api.ingest().post("/v1/traces", "application/x-protobuf",
                                    batches.get((int) i), Map.of());
                            if (response.statusCode() == 200) {
                                break;
                            }
                            if (response.statusCode() != 429 && response.statusCode() != 503) {
                                throw new IllegalStateException("receiver answered " + response.statusCode());
                            }
                            retries.incrementAndGet();
                            Thread.sleep(100);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            long began = System.nanoTime();
            while (!running.stream().allMatch(Future::isDone)) {
                Thread.sleep(1000);
                if (showProgress) {
                    double seconds = (System.nanoTime() - began) / 1e9;
                    System.out.printf("  %5.1f s  %,9d / %,d spans written  (%,.0f spans/s so far)%n", seconds,
                            done.get() * BATCH, batches.size() * (long) BATCH, done.get() * BATCH / seconds);
                }
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            exporters.shutdownNow();
        }
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
}
