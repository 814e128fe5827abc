package io.opsplane.console.ingest;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes every topic the saga definitions name, as one consumer group shared by all console
 * instances. The container commits offsets after this method returns, that is after the batch's
 * database transaction has committed; a failed batch is redelivered whole and duplicates are skipped.
 */
@Component
record SagaEventListener(SagaIngestor ingestor) {

    private static final Logger log = LoggerFactory.getLogger(SagaEventListener.class);

    @KafkaListener(id = "saga-ingest", groupId = "#{@ingestGroup.groupId()}",
            clientIdPrefix = "#{@ingestGroup.clientIdPrefix()}",
            topics = "#{@sagaDefinitions.topics().toArray(new String[0])}",
            autoStartup = "#{@ingestGroup.consumes()}",
            batch = "true",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"})
    void onRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        SagaIngestor.BatchResult result = ingestor.ingest(records.stream().map(IncomingRecord::of).toList());
        if (result.deadLetters() > 0) {
            log.warn("{} of {} records went to the dead-letter table", result.deadLetters(), records.size());
        }
    }
}
