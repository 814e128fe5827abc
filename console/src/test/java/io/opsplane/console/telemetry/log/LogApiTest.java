package io.opsplane.console.telemetry.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opsplane.console.telemetry.es.IndexTemplates;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpJson;
import io.opsplane.console.telemetry.otlp.OtlpLogSink;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestSearchEngine;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.Vectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Logs through the REST API, on the real Elasticsearch node (OpenSearch in {@link LogApiOnOpenSearchTest}): what a user or script would get back. */
class LogApiTest {

    /** The node this class runs on; {@link LogApiOnOpenSearchTest} runs the same tests on OpenSearch. */
    static TestSearchEngine engine;
    static String prefix;
    static OrderSaga saga;
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static OtlpLogSink sink;

    @BeforeAll
    static void start(TestInfo test) {
        engine = TestSearchEngine.of(test);
        prefix = TestSearchEngine.uniquePrefix();
        saga = OrderSaga.create();
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofMinutes(5)))
                .searchEngine(engine, prefix).start();
        api = opsplane.api();
        sink = opsplane.bean(OtlpLogSink.class);
        opsplane.bean(IndexTemplates.class).ensureInstalled();
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    @Test
    void theCollectorsOtelDocumentsAreReadAsTheyAre() {
        // where a Collector with logs_index: <prefix>-logs-otel and logstash_format would have put them
        engine.send("POST", "/" + prefix + "-logs-otel-2024.03.12/_doc?refresh=true",
                new String(Vectors.bytes("otel-es/otel_log.json"), StandardCharsets.UTF_8));
        engine.send("PUT", "/" + prefix + "-logs-otel-2024.01.15/_doc/golden-vector?refresh=true",
                new String(Vectors.bytes("otel-es/golden_otel_logs.json"), StandardCharsets.UTF_8));

        JsonNode page = api.getJson("/api/logs?traceId=0102030405060708090A0B0C0D0E0F10&to=2024-12-31T00:00:00Z");
        assertThat(page.path("items")).hasSize(2);
        JsonNode newest = page.path("items").get(0);
        assertThat(newest.path("timestamp").asString()).isEqualTo("2024-03-12T20:00:41.123456789Z");
        assertThat(newest.path("observedTimestamp").asString()).isEqualTo("2024-03-12T20:00:41.123456789Z");
        assertLine(newest, "my-service", "ERROR", 17, "ERROR", "User authentication failed");
        assertThat(newest.path("traceId").asString()).isEqualTo("0102030405060708090a0b0c0d0e0f10");
        assertThat(newest.path("spanId").asString()).isEqualTo("0102030405060708");
        assertThat(newest.path("eventName").asString()).isEqualTo("authentication.failure");
        assertThat(newest.path("attributes").path("user.id").asString()).isEqualTo("user-123");
        assertThat(newest.path("resource").path("host.name").asString()).isEqualTo("my-host");
        assertThat(newest.path("scope").path("name").asString()).isEqualTo("io.opentelemetry.example");

        JsonNode golden = page.path("items").get(1);
        assertThat(golden.path("timestamp").asString()).isEqualTo("2024-01-15T10:30:00Z");
        assertThat(golden.path("service").asString()).isEqualTo("test-service");
        assertThat(golden.path("level").asString()).isEqualTo("INFO");
        assertThat(golden.path("body").asString()).isEqualTo("Sample log message with important information");
        assertThat(golden.path("attributes").path("http.status_code").asInt()).isEqualTo(200);
        assertThat(golden.path("attributes").path("duration_ms").asDouble()).isEqualTo(45.67);
        assertThat(golden.path("attributes").path("success").asBoolean()).isTrue();
        assertThat(golden.path("scope").path("attributes").path("scope.attribute").asString()).isEqualTo("example-value");

        // each filter on the Collector's own fields
        assertThat(bodies("/api/logs?service=test-service")).containsExactly(golden.path("body").asString());
        assertThat(bodies("/api/logs?q=authentication+failed&traceId=0102030405060708090a0b0c0d0e0f10"))
                .containsExactly("User authentication failed");
        assertThat(bodies("/api/logs?severity=error&service=my-service")).containsExactly("User authentication failed");
        assertThat(bodies("/api/logs?minSeverity=WARN&traceId=0102030405060708090a0b0c0d0e0f10"))
                .containsExactly("User authentication failed");
        assertThat(bodies("/api/logs?spanId=0102030405060708&from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z"))
                .containsExactly(golden.path("body").asString());
    }

    @Test
    void theCollectorsEcsDocumentsAreReadInEcsMode() {
        String index = prefix + "-ecs-logs";
        // as Elasticsearch's logs templates map them: strings as keywords, the message as text
        engine.send("PUT", "/" + index, """
                {"mappings":{"dynamic_templates":[{"strings":{"match_mapping_type":"string",
                  "mapping":{"type":"keyword","ignore_above":1024}}}],
                 "properties":{"@timestamp":{"type":"date"},"message":{"type":"text"}}}}""");
        engine.send("POST", "/" + index + "/_doc?refresh=true",
                new String(Vectors.bytes("otel-es/ecs_log.json"), StandardCharsets.UTF_8));
        try (OpsplaneInstance ecs = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5))).searchEngine(engine, prefix)
                .property("opsplane.telemetry.logs.mapping-mode", "ecs")
                .property("opsplane.telemetry.logs.index-pattern", index).start()) {
            JsonNode page = ecs.api().getJson("/api/logs?service=my-service&severity=ERROR&minSeverity=17"
                    + "&traceId=0102030405060708090a0b0c0d0e0f10&spanId=0102030405060708&q=authentication");
            assertThat(page.path("items")).hasSize(1);
            JsonNode entry = page.path("items").get(0);
            assertIsTheSampleRecord(entry);
            assertThat(entry.path("attributes").path("host.name").asString()).isEqualTo("my-host");
            assertThat(entry.path("attributes").path("service.environment").asString()).isEqualTo("production");

            JsonNode histogram = ecs.api().getJson("/api/logs/histogram?from=2024-03-12T20:00:00Z"
                    + "&to=2024-03-12T20:05:00Z&interval=1m");
            assertThat(histogram.path("buckets").get(0).path("byLevel").path("ERROR").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theOtlpExampleIsAcceptedAsItIsAndFoundByItsTraceId() throws Exception {
        ExportOutcome outcome = sink.export(OtlpJson.logs(Vectors.bytes("otlp/logs.json")));
        assertThat(outcome).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();

        JsonNode page = api.getJson("/api/logs?traceId=5B8EFFF798038103D269B633813FC60C");
        assertThat(page.path("items")).hasSize(1);
        JsonNode entry = page.path("items").get(0);
        assertThat(entry.path("index").asString()).isEqualTo(prefix + "-logs-otel-2018.12.13");
        assertThat(entry.path("timestamp").asString()).isEqualTo("2018-12-13T14:51:00.300Z");
        assertLine(entry, "my.service", "Information", 10, "INFO", "Example log record");
        assertThat(entry.path("spanId").asString()).isEqualTo("eee19b7ec3c1b174");
        JsonNode attributes = entry.path("attributes");
        assertThat(attributes.path("string.attribute").asString()).isEqualTo("some string");
        assertThat(attributes.path("boolean.attribute").asBoolean()).isTrue();
        assertThat(attributes.path("int.attribute").asLong()).isEqualTo(10);
        assertThat(attributes.path("double.attribute").asDouble()).isEqualTo(637.704);
        assertThat(attributes.path("array.attribute").toString()).isEqualTo("[\"many\",\"values\"]");
        assertThat(attributes.path("map.attribute").path("some.map.key").asString()).isEqualTo("some value");
        assertThat(entry.path("scope").path("attributes").path("my.scope.attribute").asString())
                .isEqualTo("some scope attribute");
        assertThat(bodies("/api/logs?q=example&service=my.service&severity=information")).containsExactly("Example log record");
    }

    @Test
    void whatTheSinkStoresIsWhatTheCollectorWouldStore() throws Exception {
        sink.export(OtlpJson.logs(OtelLogDocumentTest.GOLDEN_RECORD.getBytes(StandardCharsets.UTF_8)));
        engine.refresh();

        // the vectors test writes the Collector's copy of this record into the same index, with an id of its own
        JsonNode stored = ApiClient.JSON.readTree(engine.send("POST", "/" + prefix
                + "-logs-otel-2024.01.15/_search", """
                {"query":{"bool":{"filter":{"term":{"resource.attributes.service.name":"test-service"}},
                  "must_not":{"ids":{"values":["golden-vector"]}}}}}""")).path("hits").path("hits");
        ObjectNode golden = (ObjectNode) ApiClient.JSON.readTree(Vectors.bytes("otel-es/golden_otel_logs.json"));
        golden.remove("data_stream"); // written only for data stream targets
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("_source")).isEqualTo(golden);
        // the Collector's own copy of this record is read in another test: leave it the only one
        engine.send("DELETE", "/" + stored.get(0).path("_index").asString() + "/_doc/"
                + stored.get(0).path("_id").asString() + "?refresh=true", null);
    }

    @Test
    void pagesWalkEveryLineOnceNewestFirst() {
        String service = "paging-" + prefix;
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        List<LogRecord> records = new ArrayList<>();
        // five lines in each millisecond, so that the order within one instant matters too
        for (int i = 0; i < 230; i++) {
            records.add(record(start.plusMillis(i / 5), 9, "INFO", "line " + i, null, null));
        }
        write(service, records);

        List<JsonNode> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = api.getJson("/api/logs?service=" + service + "&limit=40"
                    + (next == null ? "" : "&after=" + next));
            page.path("items").forEach(seen::add);
            next = page.path("next").isNull() ? null : page.path("next").asString();
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(6);
        assertThat(seen).hasSize(230);
        Set<String> bodies = new HashSet<>();
        seen.forEach(entry -> bodies.add(entry.path("body").asString()));
        assertThat(bodies).hasSize(230);
        for (int i = 1; i < seen.size(); i++) {
            Instant before = Instant.parse(seen.get(i - 1).path("timestamp").asString());
            Instant after = Instant.parse(seen.get(i).path("timestamp").asString());
            assertThat(after).isBeforeOrEqualTo(before);
        }
        // the five lines of the newest millisecond first, the five of the oldest last; within one instant the
        // engine's index order, which need not be the order written (docs/telemetry.md)
        assertThat(seen.subList(0, 5)).extracting(entry -> entry.path("body").asString())
                .containsExactlyInAnyOrder("line 225", "line 226", "line 227", "line 228", "line 229");
        assertThat(seen.subList(225, 230)).extracting(entry -> entry.path("body").asString())
                .containsExactlyInAnyOrder("line 0", "line 1", "line 2", "line 3", "line 4");
    }

    @Test
    void textSearchFindsWordsInsideStructuredBodies() {
        String service = "structured-" + prefix;
        Instant at = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        LogRecord text = record(at, 17, "ERROR", "card declined for order o-1", null, null);
        LogRecord declined = text.toBuilder().setBody(map(KeyValue.newBuilder().setKey("event")
                .setValue(string("Payment Declined")).build(), KeyValue.newBuilder().setKey("order").setValue(
                map(KeyValue.newBuilder().setKey("id").setValue(string("o-2")).build(), KeyValue.newBuilder()
                        .setKey("reason").setValue(string("insufficient funds")).build())).build())).build();
        LogRecord accepted = text.toBuilder().setBody(map(KeyValue.newBuilder().setKey("event")
                .setValue(string("payment accepted")).build(), KeyValue.newBuilder().setKey("order")
                .setValue(string("o-3")).build())).build();
        LogRecord list = text.toBuilder().setBody(AnyValue.newBuilder().setArrayValue(
                io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(string("retry o-4"))
                        .addValues(string("declined later")))).build();
        write(service, List.of(text, declined, accepted, list));

        assertThat(orders(service, "declined")).containsExactlyInAnyOrder("o-1", "o-2", "o-4");
        assertThat(orders(service, "insufficient")).containsExactly("o-2");
        assertThat(orders(service, "\"insufficient funds\"")).containsExactly("o-2");
        assertThat(orders(service, "declined -insufficient")).containsExactlyInAnyOrder("o-1", "o-4");
        assertThat(orders(service, "PAYMENT accepted")).containsExactly("o-3");
        assertThat(orders(service, "refunded")).isEmpty();
    }

    /** The order ids (o-N) of the lines a text search finds. */
    private static List<String> orders(String service, String q) {
        return bodies("/api/logs?service=" + service + "&q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8))
                .stream().map(body -> body.replaceAll("(?s).*(o-\\d).*", "$1")).toList();
    }

    private static AnyValue string(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    private static AnyValue map(KeyValue... entries) {
        return AnyValue.newBuilder().setKvlistValue(io.opentelemetry.proto.common.v1.KeyValueList.newBuilder()
                .addAllValues(List.of(entries))).build();
    }

    @Test
    void theHistogramCountsByLevel() {
        String service = "histogram-" + prefix;
        Instant start = Instant.parse("2026-05-04T10:00:00Z");
        List<LogRecord> records = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            Instant at = start.plus(Duration.ofMinutes(minute)).plusSeconds(7);
            for (int i = 0; i < minute + 1; i++) {
                records.add(record(at.plusMillis(i), 9, "INFO", "info " + minute, null, null));
            }
            if (minute % 2 == 0) {
                records.add(record(at, 17, "ERROR", "error " + minute, null, null));
            }
            records.add(record(at, 0, "", "no severity " + minute, null, null));
        }
        records.add(record(start.plus(Duration.ofMinutes(2)), 14, "WARN2", "a warning", null, null));
        records.add(record(start.plus(Duration.ofMinutes(6)), 21, "FATAL", "outside the range", null, null));
        write(service, records);

        JsonNode histogram = api.getJson("/api/logs/histogram?service=" + service
                + "&from=2026-05-04T10:00:00Z&to=2026-05-04T10:05:00Z&interval=1m");
        assertThat(histogram.path("interval").asString()).isEqualTo("PT1M");
        JsonNode buckets = histogram.path("buckets");
        assertThat(buckets).hasSize(5);
        for (int minute = 0; minute < 5; minute++) {
            JsonNode bucket = buckets.get(minute);
            JsonNode byLevel = bucket.path("byLevel");
            assertThat(bucket.path("start").asString()).isEqualTo(start.plus(Duration.ofMinutes(minute)).toString());
            assertThat(byLevel.path("INFO").asLong()).as("INFO in minute " + minute).isEqualTo(minute + 1);
            assertThat(byLevel.path("ERROR").asLong()).isEqualTo(minute % 2 == 0 ? 1 : 0);
            assertThat(byLevel.path("WARN").asLong()).isEqualTo(minute == 2 ? 1 : 0);
            assertThat(byLevel.path("UNSPECIFIED").asLong()).isEqualTo(1);
            assertThat(byLevel.path("FATAL").asLong()).isZero();
            assertThat(bucket.path("count").asLong())
                    .isEqualTo(minute + 1 + (minute % 2 == 0 ? 1 : 0) + (minute == 2 ? 1 : 0) + 1);
        }

        // an interval fitting the range when none is given
        JsonNode chosen = api.getJson("/api/logs/histogram?service=" + service
                + "&from=2026-05-04T10:00:00Z&to=2026-05-04T16:00:00Z");
        assertThat(chosen.path("interval").asString()).isEqualTo("PT10M");
        long total = 0;
        for (JsonNode bucket : chosen.path("buckets")) {
            total += bucket.path("count").asLong();
        }
        assertThat(total).isEqualTo(records.size());
    }

    @Test
    void aSagasLogsAreTheLogsOfItsTracesInTimeOrder() {
        String order = "log-saga-" + prefix;
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, new OrderEvents(saga).completedSaga(order, start));
        }
        String traceId = OrderEvents.traceIdOf(order);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.getJson("/api/sagas?q=" + traceId).path("items").size() == 1);
        long sagaId = api.getJson("/api/sagas?q=" + traceId).path("items").get(0).path("id").asLong();

        write("orders", List.of(
                record(start.plusMillis(2500), 9, "INFO", "payment requested", traceId, "00000000000000a1"),
                record(start.plusMillis(500), 9, "INFO", "order received", traceId, "00000000000000a2")));
        write("payments", List.of(
                record(start.plusMillis(2600), 17, "ERROR", "card declined, retrying", traceId, "00000000000000b1"),
                record(start.plusMillis(2700), 9, "INFO", "another trace", "ffffffffffffffffffffffffffffffff",
                        "00000000000000b2")));

        JsonNode logs = api.getJson("/api/sagas/" + sagaId + "/logs");
        assertThat(logs.path("items").findValuesAsString("body"))
                .containsExactly("order received", "payment requested", "card declined, retrying");
        assertThat(logs.path("items").findValuesAsString("service")).containsExactly("orders", "orders", "payments");

        HttpResponse<String> missing = api.get("/api/sagas/987654321/logs");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void badInputGetsAClearProblem() {
        assertProblem("/api/logs?traceId=not-a-trace", "a trace id is 32 hex digits");
        assertProblem("/api/logs?spanId=123", "a span id is 16 hex digits");
        assertProblem("/api/logs?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "the time range is empty");
        assertProblem("/api/logs?from=yesterday", "parameter 'from' cannot be 'yesterday'");
        assertProblem("/api/logs?minSeverity=LOUD", "minSeverity must be a severity number 1–24 or one of");
        assertProblem("/api/logs?limit=0", "limit must be between 1 and 1000");
        assertProblem("/api/logs?after=bm90IGEgY3Vyc29y", "is not a page cursor from this API");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"pit\":\"bm90IGEgcGl0\",\"after\":[1,2]}".getBytes(StandardCharsets.UTF_8));
        assertProblem("/api/logs?after=" + forged, "is not a page cursor from this API");
        assertProblem("/api/logs/histogram?interval=banana", "interval must be a duration such as PT5M or 5m");
        assertProblem("/api/logs/histogram?interval=1ms&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
                "makes more than 2000 buckets");
    }

    @Test
    void theApiIsDescribed() {
        JsonNode paths = api.getJson("/v3/api-docs").path("paths");
        assertThat(paths.has("/api/logs")).isTrue();
        assertThat(paths.has("/api/logs/histogram")).isTrue();
        assertThat(paths.has("/api/sagas/{id}/logs")).isTrue();
    }

    @Test
    void withElasticsearchAwayLogCallsFailFastWith503() {
        try (OpsplaneInstance cut = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5)))
                .elasticsearchAway().start()) {
            for (String path : List.of("/api/logs?q=x", "/api/logs/histogram")) {
                long began = System.nanoTime();
                HttpResponse<String> response = cut.api().get(path);
                assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(ApiClient.JSON.readTree(response.body()).path("title").asString())
                        .isEqualTo("Telemetry unavailable");
            }
            // the saga side still answers
            assertThat(cut.api().get("/api/sagas").statusCode()).isEqualTo(200);
        }
    }

    private static void assertProblem(String path, String detail) {
        HttpResponse<String> response = api.get(path);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(ApiClient.JSON.readTree(response.body()).path("detail").asString()).as(path).contains(detail);
    }

    private static List<String> bodies(String path) {
        List<String> bodies = new ArrayList<>();
        api.getJson(path).path("items").forEach(entry -> bodies.add(entry.path("body").asString()));
        return bodies;
    }

    private static LogRecord record(Instant at, int severity, String severityText, String body, String traceId,
                                    String spanId) {
        LogRecord.Builder record = LogRecord.newBuilder()
                .setTimeUnixNano(at.getEpochSecond() * 1_000_000_000L + at.getNano())
                .setObservedTimeUnixNano(at.getEpochSecond() * 1_000_000_000L + at.getNano())
                .setSeverityNumberValue(severity).setSeverityText(severityText)
                .setBody(AnyValue.newBuilder().setStringValue(body));
        if (traceId != null) {
            record.setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId)));
            record.setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId)));
        }
        return record.build();
    }

    private static void write(String service, List<LogRecord> records) {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(records))).build();
        assertThat(sink.export(request)).isEqualTo(ExportOutcome.ACCEPTED);
        engine.refresh();
    }

    /** What the Collector's sample log record (upstream's test data, in each mapping mode) reads back as. */
    static void assertIsTheSampleRecord(JsonNode entry) {
        assertThat(entry.path("timestamp").asString()).isEqualTo("2024-03-12T20:00:41.123456789Z");
        assertThat(entry.path("service").asString()).isEqualTo("my-service");
        assertThat(entry.path("severityText").asString()).isEqualTo("ERROR");
        assertThat(entry.path("level").asString()).isEqualTo("ERROR");
        assertThat(entry.path("body").asString()).isEqualTo("User authentication failed");
        assertThat(entry.path("traceId").asString()).isEqualTo("0102030405060708090a0b0c0d0e0f10");
        assertThat(entry.path("spanId").asString()).isEqualTo("0102030405060708");
        assertThat(entry.path("attributes").path("user.id").asString()).isEqualTo("user-123");
    }

    /** What every log line shows: its service, its severity as sent and as a level, and its body. */
    private static void assertLine(JsonNode line, String service, String severityText, int severityNumber,
                                   String level, String body) {
        assertThat(line.path("service").asString()).isEqualTo(service);
        assertThat(line.path("severityText").asString()).isEqualTo(severityText);
        assertThat(line.path("severityNumber").asInt()).isEqualTo(severityNumber);
        assertThat(line.path("level").asString()).isEqualTo(level);
        assertThat(line.path("body").asString()).isEqualTo(body);
    }
}
