package io.opsplane.console.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A Kafka record as ingestion sees it: coordinates, headers as text, and the raw value. */
record IncomingRecord(String topic, int partition, long offset, Instant timestamp, byte[] key,
                      Map<String, String> headers, byte[] value) {

    static IncomingRecord of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            // the last value wins, as Kafka's lastHeader does
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new IncomingRecord(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), headers, record.value());
    }

    String coordinates() {
        return topic + "/" + partition + "@" + offset;
    }
}
