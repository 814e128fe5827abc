package io.opsplane.console.telemetry.trace.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opsplane.console.telemetry.es.BulkIndexer;
import io.opsplane.console.telemetry.es.Elasticsearch;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpJson;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestSearchEngine;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Traces on a real Elasticsearch node (OpenSearch in {@link TraceStorageOnOpenSearchTest}), through a whole Opsplane: what Jaeger's clients and users would see. */
class TraceStorageTest {

    private static final String PREFIX = TestSearchEngine.uniquePrefix();
    /** The node this class runs on; {@link TraceStorageOnOpenSearchTest} runs the same tests on OpenSearch. */
    private static TestSearchEngine engine;
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static OtlpTraceSink sink;
    private static OrderSaga saga;

    @BeforeAll
    static void start(TestInfo test) {
        engine = TestSearchEngine.of(test);
        saga = OrderSaga.create();
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofMinutes(5)))
                .searchEngine(engine, PREFIX).start();
        api = opsplane.api();
        sink = opsplane.bean(OtlpTraceSink.class);
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    @Test
    void jaegerStorageSuiteQueriesFindExactlyTheirTraces() throws IOException {
        Path traces = JaegerVectors.dir().resolve("storage-suite/traces");
        List<Path> files;
        try (Stream<Path> list = Files.list(traces)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(32);
        for (Path file : files) {
            // through the OTLP/HTTP receiver, as OTLP/JSON, exactly as the suite holds them
            HttpResponse<byte[]> response = api.ingest().post("/v1/traces", "application/json", Files.readAllBytes(file), Map.of());
            assertThat(response.statusCode()).as(file.getFileName().toString()).isEqualTo(200);
            assertThat(JaegerVectors.JSON.readTree(response.body()).has("partialSuccess"))
                    .as(file.getFileName() + " fully accepted").isFalse();
        }
        engine.refresh();

        JsonNode queries = JaegerVectors.json("storage-suite/queries.json");
        assertThat(queries).hasSize(25);
        for (JsonNode q : queries) {
            JsonNode query = q.path("Query");
            StringBuilder path = new StringBuilder("/jaeger/api/traces?service=")
                    .append(encode(query.path("ServiceName").asString()))
                    .append("&start=").append(micros(query.path("StartTimeMin").asString()))
                    .append("&end=").append(micros(query.path("StartTimeMax").asString()))
                    .append("&limit=").append(query.path("NumTraces").asInt());
            if (!query.path("OperationName").asString("").isEmpty()) {
                path.append("&operation=").append(encode(query.path("OperationName").asString()));
            }
            if (query.path("Tags").isObject()) {
                ObjectNode tags = JaegerVectors.JSON.createObjectNode();
                query.path("Tags").properties().forEach(e -> tags.put(e.getKey(),
                        e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
                path.append("&tags=").append(encode(tags.toString()));
            }
            // Go durations in the suite are nanoseconds
            if (query.path("DurationMin").asLong() != 0) {
                path.append("&minDuration=").append(query.path("DurationMin").asLong()).append("ns");
            }
            if (query.path("DurationMax").asLong() != 0) {
                path.append("&maxDuration=").append(query.path("DurationMax").asLong()).append("ns");
            }
            Set<String> expected = new TreeSet<>();
            for (JsonNode fixture : q.path("ExpectedFixtures")) {
                expected.addAll(traceIdsOf(traces.resolve(fixture.asString() + ".json")));
            }
            JsonNode found = api.getJson(path.toString());
            Set<String> actual = new TreeSet<>();
            found.path("data").forEach(t -> actual.add(t.path("traceID").asString()));
            assertThat(actual).as(q.path("Caption").asString()).isEqualTo(expected);
        }

        // a trace whose spans lie in two days' indices comes back whole
        JsonNode multiIndex = api.getJson("/jaeger/api/traces/" + "0".repeat(31) + "5");
        assertThat(multiIndex.path("data").get(0).path("spans")).hasSize(2);
    }

    @Test
    void writingJaegersOtlpSampleStoresJaegersDocument() {
        // with tags nested, as Jaeger writes by default, the document is Jaeger's own
        TraceSettings nested = new TraceSettings(PREFIX, 1, 0, Duration.ofHours(72), "@", 1000, false);
        JaegerSpanWriter jaegerDefault = new JaegerSpanWriter(opsplane.bean(BulkIndexer.class), new JaegerIndices(nested),
                nested);
        assertThat(jaegerDefault.export(otlp("es-documents/otel_traces_01.json"))).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();
        String index = PREFIX + "-jaeger-span-2017-01-26";
        JsonNode hits = JaegerVectors.JSON.readTree(engine.send("POST", "/" + index + "/_search",
                "{\"query\":{\"term\":{\"traceID\":\"00000000000000010000000000000000\"}}}")).path("hits").path("hits");
        assertThat(hits).hasSize(1);
        JsonNode jaegers = JaegerVectors.json("es-documents/otel_es_01.json");
        assertThat(hits.get(0).path("_source")).isEqualTo(jaegers);
        JsonNode asJaegerWrote = api.getJson("/jaeger/api/traces/00000000000000010000000000000000");

        // with tags as object fields (Opsplane's default, Jaeger's tags_as_fields.config_path), the same span reads
        // back the same through the API, and tags with an allowed key sit in tag.*
        assertThat(sink.export(otlp("es-documents/otel_traces_01.json").toBuilder().build())).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();
        JsonNode both = JaegerVectors.JSON.readTree(engine.send("POST", "/" + index + "/_search",
                "{\"query\":{\"term\":{\"traceID\":\"00000000000000010000000000000000\"}}}")).path("hits").path("hits");
        JsonNode asFields = both.valueStream().map(h -> h.path("_source")).filter(d -> d.has("tag")).findFirst().orElseThrow();
        assertThat(asFields.path("tag").path("peer@service").asString()).isEqualTo("service-y");
        assertThat(asFields.path("tag").path("error").asBoolean()).isTrue();
        // keys not allowed as fields (TraceSettings.DEFAULT_TAGS_AS_FIELDS), and binary values, stay nested
        assertThat(asFields.path("tags")).extracting(t -> t.path("key").asString()).containsExactly(
                "otel.scope.name", "otel.scope.version", "peer.ipv4", "blob", "temperature");
        assertThat(asFields.path("process").has("tag")).isFalse();
        assertThat(asFields.path("process").path("tags")).extracting(t -> t.path("key").asString())
                .containsExactly("sdk.version");
        JsonNode twice = api.getJson("/jaeger/api/traces/00000000000000010000000000000000").path("data").get(0);
        JsonNode once = asJaegerWrote.path("data").get(0);
        assertThat(twice.path("spans")).hasSize(2);
        assertThat(sortedTags(twice.path("spans").get(0))).isEqualTo(sortedTags(once.path("spans").get(0)));
        assertThat(sortedTags(twice.path("spans").get(1))).isEqualTo(sortedTags(once.path("spans").get(0)));

        // the service/operation pair, once, under Jaeger's id for it
        String serviceIndex = PREFIX + "-jaeger-service-2017-01-26";
        JsonNode service = JaegerVectors.JSON.readTree(engine.send("GET", "/" + serviceIndex + "/_doc/"
                + JaegerSpanWriter.serviceOperationId("service-x", "test-general-conversion"), null));
        assertThat(service.path("_source").path("serviceName").asString()).isEqualTo("service-x");
        assertThat(service.path("_source").path("operationName").asString()).isEqualTo("test-general-conversion");
    }

    @Test
    void jaegersDocumentsAreReadAsTheyAre() {
        // Jaeger's own document, in indices of another prefix so its trace id meets no other
        TraceSettings other = new TraceSettings(TestSearchEngine.uniquePrefix(), 1, 0, Duration.ofHours(72), "@",
                1000, false);
        JaegerIndices indices = new JaegerIndices(other);
        var template = new JaegerTemplates().jaegerSpanTemplate(other);
        engine.send("PUT", "/_index_template/" + template.name(), template.body());
        JsonNode stored = JaegerVectors.json("es-documents/es_01.json");
        assertThat(opsplane.bean(BulkIndexer.class).index(List.of(new BulkIndexer.Document(
                indices.spanIndex(stored.path("startTime").asLong()), null, JaegerVectors.JSON.writeValueAsBytes(stored))))
                .rejected()).isZero();
        engine.refresh();
        List<TraceSpan> spans = new TraceReader(opsplane.bean(Elasticsearch.class), indices, other)
                .trace("0000000000000001", null, null);
        assertThat(spans).containsExactly(JaegerVectors.domainSpan(JaegerVectors.json("es-documents/domain_01.json")));
    }

    @Test
    void jaegerUiGetsJaegersJsonForATrace() {
        // an instance of its own: the storage suite has a trace with the same id
        try (OpsplaneInstance ui = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofMinutes(5)))
                .searchEngine(engine, TestSearchEngine.uniquePrefix()).property("opsplane.ingest.enabled", false).start()) {
            List<TraceSpan> spans = new ArrayList<>();
            JaegerVectors.json("ui-json/domain_01.json").path("spans")
                    .forEach(s -> spans.add(JaegerVectors.domainSpan(s)));
            JaegerIndices indices = ui.bean(JaegerIndices.class);
            List<BulkIndexer.Document> documents = spans.stream().map(s -> new BulkIndexer.Document(
                    indices.spanIndex(s.startMicros()), null, JaegerVectors.JSON.writeValueAsBytes(SpanDocuments.write(s))))
                    .toList();
            assertThat(ui.bean(BulkIndexer.class).index(documents).rejected()).isZero();
            engine.refresh();

            JsonNode response = ui.api().getJson("/jaeger/api/traces/0000000000000001");
            assertThat(response.path("errors").isNull()).isTrue();
            assertThat(response.path("data")).hasSize(1);
            JsonNode expected = JaegerVectors.json("ui-json/ui_01.json");
            // warnings are made by Jaeger's query service, not stored
            assertThat(withoutWarnings(response.path("data").get(0))).isEqualTo(withoutWarnings(expected));
        }
    }

    @Test
    void spansWithoutIdsAreReportedAsPartialSuccess() {
        // (spans with more tags than Elasticsearch indexes are stored: TagLimitsTest)
        Span noId = Span.newBuilder().setName("no ids").build();
        ExportOutcome invalid = sink.export(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().setResource(resource("partial")).addScopeSpans(ScopeSpans.newBuilder().addSpans(noId)))
                .build());
        assertThat(invalid.rejected()).isEqualTo(1);
        assertThat(invalid.errorMessage()).contains("no valid trace id");
    }

    private static JsonNode withoutWarnings(JsonNode trace) {
        ObjectNode copy = (ObjectNode) trace.deepCopy();
        copy.putNull("warnings");
        List<JsonNode> spans = new ArrayList<>();
        copy.path("spans").forEach(s -> spans.add(((ObjectNode) s).putNull("warnings")));
        spans.sort(Comparator.comparing((JsonNode s) -> s.path("spanID").asString())
                .thenComparing(s -> s.path("operationName").asString()));
        copy.putArray("spans").addAll(spans);
        return copy;
    }

    @Test
    void searchByTagAndDurationFindsExactlyTheMatchingTraces() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String service = "checkout-" + PREFIX;
        List<String> ids = new ArrayList<>();
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        int[] statuses = {200, 500, 500, 200, 500};
        long[] millis = {5, 50, 3, 80, 120};
        for (int i = 0; i < statuses.length; i++) {
            String traceId = "%032x".formatted(0xabc000L + i);
            ids.add(traceId);
            scope.addSpans(span(traceId, 1, 0, "POST /orders", now.minusSeconds(60 - i), millis[i], Span.SpanKind.SPAN_KIND_SERVER,
                    statuses[i] == 500, Map.of("http.status_code", statuses[i])));
        }
        request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(service)).addScopeSpans(scope));
        assertThat(sink.export(request.build())).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();

        String search = "/jaeger/api/traces?service=" + service + "&tags="
                + encode("{\"http.status_code\":\"500\"}") + "&minDuration=10ms&lookback=1h&limit=20";
        Set<String> found = new TreeSet<>();
        api.getJson(search).path("data").forEach(t -> found.add(t.path("traceID").asString()));
        assertThat(found).containsExactlyInAnyOrder(ids.get(1).substring(16), ids.get(4).substring(16));

        Set<String> fast = new TreeSet<>();
        api.getJson("/jaeger/api/traces?service=" + service + "&tag=http.status_code:500&maxDuration=4ms")
                .path("data").forEach(t -> fast.add(t.path("traceID").asString()));
        assertThat(fast).containsExactly(ids.get(2).substring(16));

        // a value is a regular expression, as Jaeger reads it; a plain one is matched whole, never as a prefix
        Set<String> byPattern = new TreeSet<>();
        api.getJson("/jaeger/api/traces?service=" + service + "&tags=" + encode("{\"http.status_code\":\"[25]00\"}")
                + "&lookback=1h&limit=20").path("data").forEach(t -> byPattern.add(t.path("traceID").asString()));
        assertThat(byPattern).hasSize(statuses.length);
        assertThat(api.getJson("/jaeger/api/traces?service=" + service + "&tags=" + encode("{\"http.status_code\":\"50\"}")
                + "&lookback=1h&limit=20").path("data")).isEmpty();

        assertThat(api.getJson("/jaeger/api/services").path("data")).extracting(JsonNode::asString).contains(service);
        assertThat(api.getJson("/jaeger/api/services/" + service + "/operations").path("data").get(0).asString())
                .isEqualTo("POST /orders");
        JsonNode kinds = api.getJson("/jaeger/api/operations?service=" + service + "&spanKind=server").path("data");
        assertThat(kinds.get(0).path("name").asString()).isEqualTo("POST /orders");
        assertThat(kinds.get(0).path("spanKind").asString()).isEqualTo("server");
        assertThat(api.getJson("/jaeger/api/operations?service=" + service + "&spanKind=client").path("data")).isEmpty();

        JsonNode red = api.getJson("/api/traces/red?service=" + service).get(0);
        assertThat(red.path("name").asString()).isEqualTo(service);
        assertThat(red.path("requests").asLong()).isEqualTo(5);
        assertThat(red.path("errors").asLong()).isEqualTo(3);
        assertThat(red.path("errorRatio").asDouble()).isEqualTo(0.6);
        assertThat(red.path("p50Millis").asDouble()).isBetween(3.0, 120.0);
        assertThat(red.path("p99Millis").asDouble()).isGreaterThanOrEqualTo(red.path("p50Millis").asDouble());
        assertThat(red.path("operations").get(0).path("name").asString()).isEqualTo("POST /orders");
    }

    @Test
    void dependenciesCountCallsAndErrorsAcrossServices() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String front = "front-" + PREFIX;
        String back = "back-" + PREFIX;
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        ScopeSpans.Builder frontSpans = ScopeSpans.newBuilder();
        ScopeSpans.Builder backSpans = ScopeSpans.newBuilder();
        for (int i = 0; i < 3; i++) {
            String traceId = "%032x".formatted(0xdef000L + i) .replaceFirst("^0", "1");
            frontSpans.addSpans(span(traceId, 1, 0, "GET /", now.minusSeconds(30), 20, Span.SpanKind.SPAN_KIND_SERVER,
                    false, Map.of()));
            frontSpans.addSpans(span(traceId, 2, 1, "call back", now.minusSeconds(30), 10,
                    Span.SpanKind.SPAN_KIND_CLIENT, false, Map.of()));
            backSpans.addSpans(span(traceId, 3, 2, "serve", now.minusSeconds(30), 5, Span.SpanKind.SPAN_KIND_SERVER,
                    i == 0, Map.of()));
        }
        request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(front)).addScopeSpans(frontSpans));
        request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(back)).addScopeSpans(backSpans));
        assertThat(sink.export(request.build())).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();

        JsonNode links = api.getJson("/jaeger/api/dependencies?endTs=" + Instant.now().toEpochMilli()
                + "&lookback=600000").path("data");
        List<JsonNode> ours = new ArrayList<>();
        links.forEach(l -> {
            if (l.path("parent").asString().equals(front)) {
                ours.add(l);
            }
        });
        assertThat(ours).hasSize(1);
        assertThat(ours.getFirst().path("child").asString()).isEqualTo(back);
        assertThat(ours.getFirst().path("callCount").asLong()).isEqualTo(3);
        assertThat(ours.getFirst().path("errorCount").asLong()).isEqualTo(1);
    }

    @Test
    void aTraceOfMorePagesThanOneIsReadWholeAndInOrder() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
        String front = "paged-front-" + PREFIX;
        String back = "paged-back-" + PREFIX;
        String traceId = "%032x".formatted(0x9a9e000L).replaceFirst("^0", "7");
        int spans = TraceReader.PAGE + 1;
        ScopeSpans.Builder frontSpans = ScopeSpans.newBuilder()
                .addSpans(span(traceId, 1, 0, "GET /catalogue", start, 90, Span.SpanKind.SPAN_KIND_SERVER, false, Map.of()));
        ScopeSpans.Builder backSpans = ScopeSpans.newBuilder();
        for (int i = 2; i <= spans; i++) {
            // children start in reverse order of their ids, so that start order is not id order
            backSpans.addSpans(span(traceId, i, 1, "item", start.plusMillis(spans - i + 1), 1,
                    Span.SpanKind.SPAN_KIND_SERVER, i % 1000 == 0, Map.of()));
        }
        assertThat(sink.export(ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(front)).addScopeSpans(frontSpans))
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(back)).addScopeSpans(backSpans))
                .build())).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();

        JsonNode trace = api.getJson("/jaeger/api/traces/" + traceId).path("data").get(0);
        List<String> ids = trace.path("spans").valueStream().map(s -> s.path("spanID").asString()).toList();
        assertThat(ids).hasSize(spans).doesNotHaveDuplicates();
        assertThat(ids.getFirst()).isEqualTo("%016x".formatted(1));
        assertThat(ids.get(1)).isEqualTo("%016x".formatted(spans));
        assertThat(ids.getLast()).isEqualTo("%016x".formatted(2));
        assertThat(trace.path("spans").valueStream().map(s -> s.path("startTime").asLong()).toList()).isSorted();

        // the dependency graph reads the same spans page by page too
        JsonNode links = api.getJson("/jaeger/api/dependencies?endTs=" + Instant.now().toEpochMilli()
                + "&lookback=600000").path("data");
        List<JsonNode> ours = links.valueStream().filter(l -> l.path("parent").asString().equals(front)).toList();
        assertThat(ours).hasSize(1);
        assertThat(ours.getFirst().path("child").asString()).isEqualTo(back);
        assertThat(ours.getFirst().path("callCount").asLong()).isEqualTo(spans - 1);
        assertThat(ours.getFirst().path("errorCount").asLong()).isEqualTo(spans / 1000);
    }

    @Test
    void malformedAndUnknownTraceIdsGetJaegersErrors() {
        HttpResponse<String> malformed = api.get("/jaeger/api/traces/not-a-trace-id");
        assertThat(malformed.statusCode()).isEqualTo(400);
        JsonNode body = JaegerVectors.JSON.readTree(malformed.body());
        assertThat(body.path("data").isNull()).isTrue();
        assertThat(body.path("errors").get(0).path("code").asInt()).isEqualTo(400);
        assertThat(body.path("errors").get(0).path("msg").asString()).contains("not-a-trace-id");

        HttpResponse<String> unknown = api.get("/jaeger/api/traces/" + "f".repeat(32));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JaegerVectors.JSON.readTree(unknown.body()).path("errors").get(0).path("msg").asString())
                .isEqualTo("trace not found");

        HttpResponse<String> noService = api.get("/jaeger/api/traces?lookback=1h");
        assertThat(noService.statusCode()).isEqualTo(400);
        assertThat(noService.body()).contains("parameter 'service' is required");
        assertThat(api.get("/jaeger/api/traces?service=x&minDuration=fast").statusCode()).isEqualTo(400);
    }

    @Test
    void sagasAndTheirTracesLeadToEachOther() {
        String orderId = "trace-saga-" + PREFIX;
        OrderEvents events = new OrderEvents(saga);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, events.completedSaga(orderId, Instant.now().minusSeconds(30)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.getJson("/api/sagas?correlationKey=" + orderId)
                .path("items").size() == 1);
        long sagaId = api.getJson("/api/sagas?correlationKey=" + orderId).path("items").get(0).path("id").asLong();
        String traceId = OrderEvents.traceIdOf(orderId);

        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        ScopeSpans.Builder spans = ScopeSpans.newBuilder();
        Instant start = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.MILLIS);
        spans.addSpans(span(traceId, 1, 0, "place order", start, 40, Span.SpanKind.SPAN_KIND_SERVER, false, Map.of()));
        spans.addSpans(span(traceId, 2, 1, "charge", start.plusMillis(5), 10, Span.SpanKind.SPAN_KIND_CLIENT, true,
                Map.of()));
        request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource("orders")).addScopeSpans(spans));
        assertThat(sink.export(request.build())).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();

        JsonNode traces = api.getJson("/api/sagas/" + sagaId + "/traces");
        assertThat(traces.path("traces")).hasSize(1);
        JsonNode summary = traces.path("traces").get(0);
        assertThat(summary.path("traceId").asString()).isEqualTo(traceId.substring(16));
        assertThat(summary.path("rootService").asString()).isEqualTo("orders");
        assertThat(summary.path("rootOperation").asString()).isEqualTo("place order");
        assertThat(summary.path("spanCount").asInt()).isEqualTo(2);
        assertThat(summary.path("errorCount").asInt()).isEqualTo(1);
        assertThat(summary.path("durationMicros").asLong()).isEqualTo(40_000);
        assertThat(summary.path("trace").isNull()).isTrue();
        JsonNode full = api.getJson("/api/sagas/" + sagaId + "/traces?full=true").path("traces").get(0);
        assertThat(full.path("trace").path("spans")).hasSize(2);

        for (String form : List.of(traceId, traceId.substring(16))) {
            JsonNode sagas = api.getJson("/api/traces/" + form + "/saga");
            assertThat(sagas).hasSize(1);
            assertThat(sagas.get(0).path("id").asLong()).isEqualTo(sagaId);
        }
        HttpResponse<String> none = api.get("/api/traces/" + "e".repeat(32) + "/saga");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(api.get("/api/sagas/999999999/traces").statusCode()).isEqualTo(404);
    }

    static Span span(String traceId, long spanId, long parentId, String name, Instant start, long millis,
                     Span.SpanKind kind, boolean error, Map<String, Object> attributes) {
        long startNanos = ChronoUnit.NANOS.between(Instant.EPOCH, start);
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("%016x".formatted(spanId))))
                .setName(name).setKind(kind)
                .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + millis * 1_000_000);
        if (parentId != 0) {
            span.setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex("%016x".formatted(parentId))));
        }
        if (error) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        attributes.forEach((k, v) -> span.addAttributes(KeyValue.newBuilder().setKey(k).setValue(
                v instanceof Integer i ? AnyValue.newBuilder().setIntValue(i).build()
                        : AnyValue.newBuilder().setStringValue(String.valueOf(v)).build())));
        return span.build();
    }

    static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
    }

    /** A span's tags as "key=value" in key order: the two document forms keep tags in different orders. */
    private static List<String> sortedTags(JsonNode span) {
        return span.path("tags").valueStream().map(t -> t.path("key").asString() + "=" + t.path("value"))
                .sorted().toList();
    }

    private static ExportTraceServiceRequest otlp(String vector) {
        try {
            return OtlpJson.traces(JaegerVectors.bytes(vector));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> traceIdsOf(Path otlpJson) throws IOException {
        Set<String> ids = new TreeSet<>();
        JsonNode trace = JaegerVectors.JSON.readTree(Files.readAllBytes(otlpJson));
        for (JsonNode rs : trace.path("resourceSpans")) {
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode s : ss.path("spans")) {
                    String id = s.path("traceId").asString();
                    ids.add(id.startsWith("0".repeat(16)) ? id.substring(16) : id);
                }
            }
        }
        return ids;
    }

    private static long micros(String rfc3339) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, OffsetDateTime.parse(rfc3339).toInstant());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
