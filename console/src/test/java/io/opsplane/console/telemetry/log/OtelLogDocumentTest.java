package io.opsplane.console.telemetry.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opsplane.console.telemetry.otlp.OtlpJson;
import io.opsplane.console.testing.Vectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Documents as the Collector's Elasticsearch exporter writes them in otel mode, compared with its own test data. */
class OtelLogDocumentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The record of the exporter's {@code TestDocumentExamples} (doc_examples_test.go), which wrote otel_log.json. */
    static final String DOC_EXAMPLE_RECORD = """
            {"resourceLogs":[{"resource":{"attributes":[
              {"key":"service.name","value":{"stringValue":"my-service"}},
              {"key":"host.name","value":{"stringValue":"my-host"}},
              {"key":"deployment.environment","value":{"stringValue":"production"}}]},
             "scopeLogs":[{"scope":{"name":"io.opentelemetry.example","version":"1.0.0"},
              "logRecords":[{"timeUnixNano":"1710273641123456789","observedTimeUnixNano":"1710273641123456789",
               "severityNumber":17,"severityText":"ERROR","body":{"stringValue":"User authentication failed"},
               "traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708",
               "attributes":[{"key":"user.id","value":{"stringValue":"user-123"}},
                             {"key":"event.name","value":{"stringValue":"authentication.failure"}}]}]}]}]}
            """;

    /** The record of the exporter's golden test (testdata_helpers.go: createSampleLogRecord and createSampleContext). */
    static final String GOLDEN_RECORD = """
            {"resourceLogs":[{"schemaUrl":"https://opentelemetry.io/schemas/1.21.0","resource":{"attributes":[
              {"key":"service.name","value":{"stringValue":"test-service"}},
              {"key":"service.version","value":{"stringValue":"1.0.0"}},
              {"key":"service.instance.id","value":{"stringValue":"instance-123"}},
              {"key":"deployment.environment","value":{"stringValue":"production"}},
              {"key":"host.name","value":{"stringValue":"prod-server-01"}},
              {"key":"host.arch","value":{"stringValue":"amd64"}},
              {"key":"os.type","value":{"stringValue":"linux"}},
              {"key":"os.version","value":{"stringValue":"5.15.0"}},
              {"key":"telemetry.sdk.name","value":{"stringValue":"opentelemetry"}},
              {"key":"telemetry.sdk.language","value":{"stringValue":"go"}},
              {"key":"telemetry.sdk.version","value":{"stringValue":"1.21.0"}}]},
             "scopeLogs":[{"schemaUrl":"https://opentelemetry.io/schemas/1.21.0",
              "scope":{"name":"github.com/example/myapp","version":"1.0.0",
                       "attributes":[{"key":"scope.attribute","value":{"stringValue":"example-value"}}]},
              "logRecords":[{"timeUnixNano":"1705314600000000000","observedTimeUnixNano":"1705314600001000000",
               "severityNumber":9,"severityText":"INFO","flags":1,
               "body":{"stringValue":"Sample log message with important information"},
               "traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708",
               "attributes":[{"key":"http.method","value":{"stringValue":"GET"}},
                             {"key":"http.status_code","value":{"intValue":"200"}},
                             {"key":"http.url","value":{"stringValue":"https://example.com/api/v1/users"}},
                             {"key":"event.name","value":{"stringValue":"user.login"}},
                             {"key":"user.id","value":{"stringValue":"12345"}},
                             {"key":"success","value":{"boolValue":true}},
                             {"key":"duration_ms","value":{"doubleValue":45.67}}]}]}]}]}
            """;

    @Test
    void writesTheExportersDocumentExampleFieldForFieldInItsOrder() throws Exception {
        JsonNode written = encodeOnly(DOC_EXAMPLE_RECORD);
        JsonNode upstream = JSON.readTree(Vectors.bytes("otel-es/otel_log.json"));

        assertThat(written).isEqualTo(upstream);
        assertThat(names(written)).containsExactlyElementsOf(names(upstream));
    }

    @Test
    void writesTheExportersGoldenDocumentSaveTheDataStreamFieldsOfADataStreamTarget() throws Exception {
        JsonNode written = encodeOnly(GOLDEN_RECORD);
        ObjectNode upstream = (ObjectNode) JSON.readTree(Vectors.bytes("otel-es/golden_otel_logs.json"));
        // the golden document went to a data stream; Opsplane's daily indices are plain indices, for which
        // the exporter writes no data_stream object
        upstream.remove("data_stream");

        assertThat(written).isEqualTo(upstream);
        assertThat(names(written)).containsExactlyElementsOf(names(upstream));
        assertThat(written.path("attributes").path("duration_ms").isDouble()).isTrue();
    }

    @Test
    void timestampsAreEpochMillisWithTheNanosAsAFractionReadableByElasticsearch() {
        assertThat(OtelLogDocument.timestamp(1_710_273_641_123_456_789L)).isEqualTo("1710273641123.456789");
        assertThat(OtelLogDocument.timestamp(1_705_314_600_000_000_000L)).isEqualTo("1705314600000.0");
        assertThat(OtelLogDocument.timestamp(1_705_314_600_000_300_000L)).isEqualTo("1705314600000.300000");
        // the exporter would write ".5000", which Elasticsearch reads as 0.5 ms
        assertThat(OtelLogDocument.timestamp(1_705_314_600_000_005_000L)).isEqualTo("1705314600000.005000");
        assertThat(LogDocuments.time(JSON.getNodeFactory().stringNode("1705314600000.005000")))
                .isEqualTo(Instant.parse("2024-01-15T10:30:00.000005Z"));
        assertThat(LogDocuments.time(JSON.getNodeFactory().stringNode("1710273641123.456789")))
                .isEqualTo(Instant.parse("2024-03-12T20:00:41.123456789Z"));
    }

    @Test
    void bodiesAttributesAndIdsAsTheExporterWritesThem() throws Exception {
        JsonNode document = encodeOnly("""
                {"resourceLogs":[{"resource":{"attributes":[
                  {"key":"service.name","value":{"stringValue":"shop"}},
                  {"key":"data_stream.dataset","value":{"stringValue":"orders"}}]},
                 "scopeLogs":[{"scope":{},"logRecords":[{"observedTimeUnixNano":"1705314600000000000",
                   "body":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"2"}]}},
                   "traceId":"00000000000000000000000000000000",
                   "attributes":[{"key":"k","value":{"stringValue":"first"}},
                                 {"key":"k","value":{"stringValue":"second"}},
                                 {"key":"elasticsearch.document_id","value":{"stringValue":"x"}},
                                 {"key":"client.geo.location.lat","value":{"doubleValue":52.5}},
                                 {"key":"client.geo.location.lon","value":{"doubleValue":13.4}},
                                 {"key":"bytes","value":{"bytesValue":"AQI="}},
                                 {"key":"whole","value":{"doubleValue":2.0}}]}]}]}]}
                """);

        // no time: the observed time stands in; all-zero trace id: none
        assertThat(document.path("@timestamp").asString()).isEqualTo("1705314600000.0");
        assertThat(document.has("trace_id")).isFalse();
        assertThat(document.path("body").path("structured").toString()).isEqualTo("{\"value\":[\"a\",2]}");
        assertThat(document.path("attributes").toString()).isEqualTo(
                "{\"k\":\"first\",\"bytes\":\"0102\",\"whole\":2.0,\"client.geo.location\":[13.4,52.5]}");
        assertThat(document.path("resource").path("attributes").toString()).isEqualTo("{\"service.name\":\"shop\"}");
        assertThat(document.path("scope").toString()).isEqualTo("{}");
    }

    @Test
    void aRecordWithAMalformedIdIsRefusedAlone() throws Exception {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(
                ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3}))))).build();
        LogRecord record = request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertThatThrownBy(() -> OtelLogDocument.encode(request.getResourceLogs(0).getResource(), "",
                request.getResourceLogs(0).getScopeLogs(0).getScope(), "", record))
                .hasMessage("a log record's trace id must be 16 bytes, not 3");
    }

    static JsonNode encodeOnly(String otlpJson) throws Exception {
        ExportLogsServiceRequest request = OtlpJson.logs(otlpJson.getBytes(StandardCharsets.UTF_8));
        ResourceLogs resourceLogs = request.getResourceLogs(0);
        ScopeLogs scopeLogs = resourceLogs.getScopeLogs(0);
        return JSON.readTree(OtelLogDocument.encode(resourceLogs.getResource(), resourceLogs.getSchemaUrl(),
                scopeLogs.getScope(), scopeLogs.getSchemaUrl(), scopeLogs.getLogRecords(0)));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
