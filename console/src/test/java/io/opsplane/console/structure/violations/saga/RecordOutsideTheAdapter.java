package io.opsplane.console.structure.violations.saga;

/** A deliberate Kafka record outside the ingest adapter. */
public class RecordOutsideTheAdapter {
    org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record;
}
