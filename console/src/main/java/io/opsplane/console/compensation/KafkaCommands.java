package io.opsplane.console.compensation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.opsplane.console.kafka.KafkaAdminOnDemand;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sends commands to Kafka topics as structured CloudEvents, keyed by the saga's correlation key (so one saga's
 * commands keep their order on a partition), with {@code content-type}, {@code idempotency-key} and
 * {@code traceparent} headers. An idempotent producer with acks=all: a command is sent when the broker has it.
 */
@Component
class KafkaCommands implements DisposableBean {

    private final KafkaProperties kafka;
    private final List<String> propagation;
    private KafkaProducer<String, byte[]> producer;
    private final KafkaAdminOnDemand kafkaAdmin;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

    /** Kafka did not answer in time, or refused the question. */
    static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message);
        }
    }

    KafkaCommands(KafkaProperties kafka, CompensationProperties properties) {
        this.kafka = kafka;
        this.propagation = properties.propagation();
        this.kafkaAdmin = new KafkaAdminOnDemand(kafka, Duration.ofSeconds(5), Map.of());
    }

    /** Sends every row (all at once, then waits for all); answers each row's result in order. */
    List<SendResult> send(List<OutboxRow> rows) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<SendResult> results = new ArrayList<>();
        List<RuntimeException> refusals = new ArrayList<>();
        Map<String, SendResult> missing = missingTopics(rows);
        for (OutboxRow row : rows) {
            if (missing.containsKey(row.topic())) {
                sent.add(null);
                refusals.add(null);
                continue;
            }
            try {
                sent.add(producer().send(record(row)));
                refusals.add(null);
            } catch (RuntimeException e) {
                sent.add(null);
                refusals.add(e);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Future<RecordMetadata> future = sent.get(i);
            if (future == null) {
                results.add(refusals.get(i) == null ? missing.get(rows.get(i).topic()) : result(refusals.get(i)));
                continue;
            }
            try {
                future.get(60, TimeUnit.SECONDS);
                results.add(SendResult.SENT);
            } catch (ExecutionException e) {
                results.add(result(e.getCause()));
            } catch (TimeoutException e) {
                results.add(SendResult.retry("Kafka did not acknowledge within 60 s"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(SendResult.retry("interrupted"));
            }
        }
        return results;
    }

    /**
     * The rows' topics that do not exist, each with why its commands wait. A producer asking for a missing topic's
     * metadata makes a broker with auto.create.topics.enable create it with its default partition count; Opsplane
     * never does that, so it asks first (once per topic it has not seen yet) and waits for the topic's owner.
     */
    private Map<String, SendResult> missingTopics(List<OutboxRow> rows) {
        Map<String, SendResult> missing = new HashMap<>();
        List<String> unseen = rows.stream().map(OutboxRow::topic).distinct().filter(t -> !knownTopics.contains(t)).toList();
        if (unseen.isEmpty()) {
            return missing;
        }
        try {
            Set<String> existing = kafkaAdmin.get().listTopics().names().get(5, TimeUnit.SECONDS);
            for (String topic : unseen) {
                if (existing.contains(topic)) {
                    knownTopics.add(topic);
                } else {
                    missing.put(topic, SendResult.retry("Kafka: topic " + topic
                            + " does not exist; Opsplane never creates topics, create it with the partitions it needs"));
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            unseen.forEach(topic -> missing.put(topic, SendResult.retry("Kafka did not answer: " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unseen.forEach(topic -> missing.put(topic, SendResult.retry("interrupted")));
        }
        return missing;
    }

    /**
     * What a failure means: a record Kafka will never take (too large, a topic name it refuses, no permission, not
     * serialisable) fails the command; anything else (the broker away, a leader moving, a timeout, the producer
     * restarting) may pass, so the command waits rather than being lost.
     */
    private static SendResult result(Throwable failure) {
        String error = "Kafka: " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        boolean definitive = failure instanceof RecordTooLargeException || failure instanceof InvalidTopicException
                || failure instanceof AuthorizationException || failure instanceof SerializationException;
        return definitive ? SendResult.refused(error) : SendResult.retry(error);
    }

    private ProducerRecord<String, byte[]> record(OutboxRow row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.recordKey(),
                row.envelope().getBytes(StandardCharsets.UTF_8));
        JsonNode envelope = CommandEnvelope.parse(row.envelope());
        record.headers().add("content-type", CommandEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CommandEnvelope.IDEMPOTENCY_HEADER, row.idempotencyKey().getBytes(StandardCharsets.UTF_8));
        TraceHeaders.of(envelope.path("traceparent").asString(null), propagation)
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // a missing topic fails the attempt in seconds instead of blocking the relay for a minute
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "opsplane-commands-" + Integer.toHexString(System.identityHashCode(this)));
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Whether the topic exists, for dry runs; waits at most 5 s for the broker. */
    boolean topicExists(String topic) throws NoAnswer {
        try {
            return kafkaAdmin.get().listTopics().names().get(5, TimeUnit.SECONDS).contains(topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new NoAnswer(String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer("interrupted");
        }
    }

    @Override
    public synchronized void destroy() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        kafkaAdmin.close();
    }
}
