package io.opsplane.console.telemetry.trace.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opsplane.console.telemetry.es.BulkIndexer;
import io.opsplane.console.telemetry.es.Elasticsearch;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestElasticsearch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** No span is lost for its tags: however many keys services invent, and however many one span carries. */
class TagLimitsTest {

    private static final String PREFIX = TestElasticsearch.uniquePrefix();
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        opsplane = OpsplaneInstance.withOrderSaga().elasticsearch(PREFIX).start();
        api = opsplane.api();
    }

    @Test
    void everySpanIsStoredAndFoundByItsTagsWhateverItsKeys() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int services = 2_000;
        for (int batch = 0; batch < services; batch += 250) {
            ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
            for (int i = batch; i < batch + 250; i++) {
                // each service a key no other has: as fields, they would pass Elasticsearch's 1,000-field limit
                request.addResourceSpans(ResourceSpans.newBuilder().setResource(TraceStorageTest.resource(service(i)))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(TraceStorageTest.span(traceId(i), 1, 0,
                                "GET /thing", now.minusSeconds(30), 5, Span.SpanKind.SPAN_KIND_SERVER, false,
                                Map.of("custom.key." + i, "value-" + i, "http.route", "/thing/" + i)))));
            }
            HttpResponse<byte[]> response = api.ingest().post("/v1/traces", "application/x-protobuf",
                    request.build().toByteArray(), Map.of());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(parse(response.body()).hasPartialSuccess()).as("batch from %d fully accepted", batch).isFalse();
        }

        // one span with 10,000 attributes: more than a document may have nested objects
        Span.Builder wide = TraceStorageTest.span(traceId(services), 1, 0, "wide", now.minusSeconds(30), 5,
                Span.SpanKind.SPAN_KIND_SERVER, false, Map.of()).toBuilder();
        for (int i = 0; i < 10_000; i++) {
            wide.addAttributes(KeyValue.newBuilder().setKey("attr." + i).setValue(AnyValue.newBuilder()
                    .setStringValue("v" + i)));
        }
        HttpResponse<byte[]> wideResponse = api.ingest().post("/v1/traces", "application/x-protobuf",
                ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(TraceStorageTest.resource("wide-service")).addScopeSpans(ScopeSpans.newBuilder()
                                .addSpans(wide))).build().toByteArray(), Map.of());
        assertThat(wideResponse.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse wideAnswer = parse(wideResponse.body());
        assertThat(wideAnswer.getPartialSuccess().getRejectedSpans()).isZero();
        assertThat(wideAnswer.getPartialSuccess().getErrorMessage()).contains("not searchable");
        TestElasticsearch.refresh();

        for (int i = 0; i < services; i++) {
            String expected = traceId(i).substring(16);
            String search = "/jaeger/api/traces?service=" + service(i) + "&lookback=1h&tags="
                    + encode("{\"custom.key." + i + "\":\"value-" + i + "\"}");
            assertThat(api.getJson(search).path("data")).as(service(i)).singleElement()
                    .satisfies(t -> assertThat(t.path("traceID").asString()).isEqualTo(expected));
        }
        // an allowed key is searched as a field
        assertThat(api.getJson("/jaeger/api/traces?service=" + service(7) + "&lookback=1h&tags="
                + encode("{\"http.route\":\"/thing/7\"}")).path("data")).hasSize(1);

        String wideSearch = "/jaeger/api/traces?service=wide-service&lookback=1h&tags=";
        assertThat(api.getJson(wideSearch + encode("{\"attr.42\":\"v42\"}")).path("data")).hasSize(1);
        assertThat(api.getJson(wideSearch + encode("{\"attr.8000\":\"v8000\"}")).path("data")).hasSize(1);
        // every attribute reads back, those beyond the indexed ones too
        JsonNode tags = api.getJson("/jaeger/api/traces/" + traceId(services)).path("data").get(0).path("spans").get(0)
                .path("tags");
        assertThat(tags.valueStream().map(t -> t.path("key").asString()).filter(k -> k.startsWith("attr.")))
                .hasSize(10_000);
        assertThat(tags.valueStream().filter(t -> t.path("key").asString().equals("attr.9999")))
                .singleElement().satisfies(t -> assertThat(t.path("value").asString()).isEqualTo("v9999"));
        assertThat(tags.valueStream().filter(t -> t.path("key").asString().equals(SpanDocuments.TAGS_NOT_INDEXED)))
                .singleElement().satisfies(t -> assertThat(t.path("value").asLong()).isPositive());

        // the span index holds the allowed keys as fields and no more
        JsonNode mapping = ApiClient.JSON.readTree(TestElasticsearch.send("GET", "/" + PREFIX
                + "-jaeger-span-*/_mapping/field/tag.*", null));
        assertThat(mapping.toString()).contains("http@route").doesNotContain("custom@key");
    }

    @Test
    void aSpanElasticsearchRefusesToIndexIsStoredUnindexed() {
        // keys that clash as object fields ("x" a value, "x.y" under it once dots stay dots): Elasticsearch refuses
        TraceSettings clashing = new TraceSettings(TestElasticsearch.uniquePrefix(), 1, 0, Duration.ofHours(72), ".",
                1000, true, Set.of("x", "x.y"));
        var template = new JaegerTemplates().jaegerSpanTemplate(clashing);
        TestElasticsearch.send("PUT", "/_index_template/" + template.name(), template.body());
        JaegerIndices indices = new JaegerIndices(clashing);
        JaegerSpanWriter writer = new JaegerSpanWriter(opsplane.bean(BulkIndexer.class), indices, clashing);
        String traceId = "%032x".formatted(0x5eed0001L);
        Span span = TraceStorageTest.span(traceId, 1, 0, "clash", Instant.now(), 3, Span.SpanKind.SPAN_KIND_CLIENT,
                true, Map.of("x", "1", "x.y", "2"));
        // between two spans it takes: the refusal is matched to its span by its place in the bulk answer
        Span before = TraceStorageTest.span(traceId, 2, 1, "before", Instant.now(), 1, Span.SpanKind.SPAN_KIND_CLIENT,
                false, Map.of("z", "1"));
        Span after = TraceStorageTest.span(traceId, 3, 1, "after", Instant.now(), 1, Span.SpanKind.SPAN_KIND_CLIENT,
                false, Map.of("z", "3"));
        ExportOutcome outcome = writer.export(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().setResource(TraceStorageTest.resource("clashing")).addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(before).addSpans(span).addSpans(after))).build());
        assertThat(outcome.rejected()).isZero();
        assertThat(outcome.errorMessage()).contains("none of their tags searchable");
        TestElasticsearch.refresh();

        TraceReader reader = new TraceReader(opsplane.bean(Elasticsearch.class), indices, clashing);
        List<TraceSpan> stored = reader.trace(traceId, null, null);
        assertThat(stored).extracting(TraceSpan::operationName).containsExactlyInAnyOrder("before", "clash", "after");
        assertThat(stored).filteredOn(s -> s.operationName().equals("clash")).singleElement().satisfies(s -> {
            assertThat(s.tags()).extracting(TraceSpan.Tag::key).contains("x", "x.y", "error",
                    SpanDocuments.NOT_INDEXED_REASON);
            assertThat(s.hasError()).isTrue();
        });
        assertThat(stored).filteredOn(s -> !s.operationName().equals("clash")).allSatisfy(s -> assertThat(s.tags())
                .extracting(TraceSpan.Tag::key).contains("z").doesNotContain(SpanDocuments.NOT_INDEXED_REASON));
        // found by service, operation and time as any span, and by the tag that says why
        Instant now = Instant.now();
        assertThat(reader.findTraceIds(new TraceQuery("clashing", "clash", Map.of(SpanDocuments.NOT_INDEXED_REASON,
                ".*"), now.minus(Duration.ofHours(1)), now.plusSeconds(60), null, null, 10))).hasSize(1);
    }

    private static String service(int i) {
        return "svc-" + PREFIX + "-" + i;
    }

    private static String traceId(int i) {
        return "%032x".formatted(0x7a900000L + i);
    }

    private static ExportTraceServiceResponse parse(byte[] body) {
        try {
            return ExportTraceServiceResponse.parseFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
