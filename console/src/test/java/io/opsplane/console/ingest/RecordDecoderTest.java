package io.opsplane.console.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.testing.Vectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RecordDecoderTest {

    private static final Instant RECORD_TIME = Instant.parse("2026-11-24T09:00:00Z");
    private final RecordDecoder decoder = new RecordDecoder(JsonMapper.builder().build(), List.of("id"),
            List.of("/eventId", "/id"), List.of("/eventTime", "/occurredAt"));

    @Test
    void binaryCloudEventTakesItsAttributesFromHeaders() throws Exception {
        DecodedEvent event = decoder.decode(record("{\"orderId\":\"o-1\"}", Map.of(
                "ce_specversion", "1.0", "ce_id", "e-1", "ce_type", "com.shop.order.created",
                "ce_time", "2026-11-24T10:15:30.123+01:00", "content-type", "application/json",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.type()).isEqualTo("com.shop.order.created");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-24T09:15:30.123Z"));
        assertThat(event.data().path("orderId").asString()).isEqualTo("o-1");
        assertThat(event.trace()).isEqualTo(new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
    }

    @Test
    void structuredCloudEventCarriesDataAndTraceparentInItsBody() throws Exception {
        DecodedEvent event = decoder.decode(record("""
                {"specversion":"1.0","id":"e-2","source":"/order","type":"OrderCreated","time":"2026-11-24T10:00:00Z",
                 "traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","data":{"orderId":"o-2"}}""",
                Map.of("content-type", "application/cloudevents+json")));

        assertThat(event.id()).isEqualTo("e-2");
        assertThat(event.dataJson()).isEqualTo("{\"orderId\":\"o-2\"}");
        assertThat(event.trace().traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void structuredCloudEventWithBase64Data() throws Exception {
        DecodedEvent event = decoder.decode(record("""
                {"specversion":"1.0","id":"e-3","source":"/pay","type":"PaymentCompleted","data_base64":"eyJvcmRlcklkIjoiby0zIn0="}""",
                Map.of()));
        assertThat(event.data().path("orderId").asString()).isEqualTo("o-3");
        assertThat(event.time()).as("no time attribute: the record's timestamp").isEqualTo(RECORD_TIME);
    }

    @Test
    void plainJsonTakesIdAndTimeFromTheFirstFieldThatHasThem() throws Exception {
        DecodedEvent event = decoder.decode(record("{\"id\":\"p-1\",\"occurredAt\":1795510800000,\"orderId\":\"o-4\"}", Map.of()));
        assertThat(event.id()).isEqualTo("p-1");
        assertThat(event.type()).isNull();
        assertThat(event.time()).isEqualTo(Instant.ofEpochMilli(1795510800000L));
        assertThat(event.trace()).isNull();
    }

    @Test
    void malformedRecordsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> decoder.decode(record("", Map.of()))).hasMessage("the record has no value");
        assertThatThrownBy(() -> decoder.decode(record("[1,2]", Map.of())))
                .hasMessage("the record value is JSON but not an object");
        assertThatThrownBy(() -> decoder.decode(record("{}", Map.of("ce_specversion", "1.0", "ce_id", "x"))))
                .hasMessage("binary CloudEvent without ce_type header");
        assertThatThrownBy(() -> decoder.decode(record("<xml/>", Map.of("ce_specversion", "1.0", "ce_id", "x",
                "ce_type", "t", "content-type", "application/xml"))))
                .hasMessage("CloudEvent data has content type 'application/xml', not JSON");
        assertThatThrownBy(() -> decoder.decode(record("{\"eventTime\":\"tuesday\"}", Map.of())))
                .hasMessage("event time 'tuesday' is neither RFC 3339 nor epoch milliseconds");
    }

    @Test
    void onlyWellFormedTraceparentsLinkATrace() {
        assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNotNull();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isNull();
        // a future version may append fields after the flags
        assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isNotNull();
    }

    /**
     * Debezium's outbox event router, as its documentation prints its example message (upstream/debezium): the
     * event id in the {@code id} header, the payload as a JSON string by default or expanded, or inside Kafka
     * Connect's schema envelope. The payload's own {@code id} is the order's, so the header's id must win.
     */
    @Test
    void debeziumOutboxRecordsAreReadWithTheirHeadersEventId() throws MalformedRecordException {
        Map<String, String> headers = Map.of("id", "4d47e190-0402-4048-bc2c-89dd54343cdc");
        String escaped = new String(Vectors.bytes("debezium/outbox-message.value.json"), StandardCharsets.UTF_8);
        String expanded = new String(Vectors.bytes("debezium/outbox-message-expanded.value.json"), StandardCharsets.UTF_8);
        String withSchema = "{\"schema\":{\"type\":\"string\",\"optional\":true},\"payload\":" + escaped.strip() + "}";
        for (String value : List.of(escaped, expanded, withSchema)) {
            DecodedEvent event = decoder.decode(record(value, headers));
            assertThat(event.id()).isEqualTo("4d47e190-0402-4048-bc2c-89dd54343cdc");
            assertThat(event.data().path("customerId").asInt()).isEqualTo(123);
            assertThat(event.data().path("lineItems").get(1).path("item").asString()).isEqualTo("Debezium for Dummies");
            assertThat(event.time()).isEqualTo(RECORD_TIME);
        }
        assertThatThrownBy(() -> decoder.decode(record("\"not json inside\"", headers)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("the JSON string in the record");
    }

    /** The examples of openzipkin/b3-propagation's README, and Jaeger's uber-trace-id as its clients write it. */
    @Test
    void b3AndJaegerHeadersLinkTheSameTraceAsTraceparent() throws MalformedRecordException {
        String plain = "{\"eventId\":\"e-1\"}";
        TraceContext b3 = new TraceContext("80f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1");
        assertThat(decoder.decode(record(plain, Map.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-"
                + "05e3ac9a4f6e3b90"))).trace()).isEqualTo(b3);
        assertThat(decoder.decode(record(plain, Map.of("X-B3-TraceId", "80f198ee56343ba864fe8b2a57d3eff7",
                "X-B3-ParentSpanId", "05e3ac9a4f6e3b90", "X-B3-SpanId", "e457b5a2e4d86bd1", "X-B3-Sampled", "1")))
                .trace()).isEqualTo(b3);
        // Kafka header names are case-sensitive, but senders spell B3's as HTTP does, in any case
        assertThat(decoder.decode(record(plain, Map.of("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7",
                "x-b3-spanid", "e457b5a2e4d86bd1"))).trace()).isEqualTo(b3);
        // 64-bit trace ids are padded as the Collector pads the spans it converts
        assertThat(decoder.decode(record(plain, Map.of("b3", "a3ce929d0e0e4736-00f067aa0ba902b7"))).trace())
                .isEqualTo(new TraceContext("0000000000000000a3ce929d0e0e4736", "00f067aa0ba902b7"));
        assertThat(decoder.decode(record(plain, Map.of("uber-trace-id", "f4e3c2a1b0d9e8f7:4c2a1b0d9e8f7:0:1")))
                .trace()).isEqualTo(new TraceContext("0000000000000000f4e3c2a1b0d9e8f7", "0004c2a1b0d9e8f7"));
        assertThat(decoder.decode(record(plain, Map.of("uber-trace-id",
                "80f198ee56343ba864fe8b2a57d3eff7%3Ae457b5a2e4d86bd1%3A0%3A1"))).trace()).isEqualTo(b3);
        // a W3C traceparent wins over the legacy headers a bridge may have left beside it
        assertThat(decoder.decode(record(plain, Map.of("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "b3", "80f198ee56343ba864fe8b2a57d3eff7-"
                        + "e457b5a2e4d86bd1"))).trace().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void malformedLegacyTraceHeadersLinkNothing() throws MalformedRecordException {
        String plain = "{\"eventId\":\"e-1\"}";
        for (Map<String, String> headers : List.of(Map.of("b3", "0"), Map.of("b3", "1"), Map.of("b3", "d"),
                Map.of("b3", "80f198ee56343ba864fe8b2a57d3eff7"),
                Map.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90-extra"),
                Map.of("b3", "00000000000000000000000000000000-e457b5a2e4d86bd1"),
                Map.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-not-a-span"),
                Map.of("b3", "180f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1"),
                Map.of("X-B3-TraceId", "80f198ee56343ba864fe8b2a57d3eff7"),
                Map.of("uber-trace-id", "f4e3c2a1b0d9e8f7:4c2a1b0d9e8f7:0"),
                Map.of("uber-trace-id", "0:4c2a1b0d9e8f7:0:1"),
                Map.of("uber-trace-id", "<script>:4c2a1b0d9e8f7:0:1"))) {
            assertThat(decoder.decode(record(plain, headers)).trace()).as(headers.toString()).isNull();
        }
    }

    private static IncomingRecord record(String value, Map<String, String> headers) {
        return new IncomingRecord("t", 0, 7L, RECORD_TIME, null, new LinkedHashMap<>(headers),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
