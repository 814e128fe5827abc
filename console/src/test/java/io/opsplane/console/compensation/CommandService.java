package io.opsplane.console.compensation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * Stands in for the services that own the steps: a real Kafka consumer on the command topics that records every
 * command it receives and answers it with its outcome event (ReleaseStock → StockReleased, RefundPayment →
 * PaymentRefunded, ChargePayment → PaymentCompleted, RepublishReservation → StockReserved), as the inventory and payment services would, unless the
 * order is one it is told to ignore.
 */
final class CommandService implements AutoCloseable {

    /** A command as it arrived. */
    record Received(String topic, String key, String type, String idempotencyKey, String headerKey, String contentType,
                    String traceparent, JsonNode envelope) {
        String orderId() {
            return envelope.path("data").path("orderId").asString();
        }
    }

    private final CompensableOrderSaga saga;
    private final Predicate<String> ignoredOrders;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
    private final Thread thread;
    private volatile boolean running = true;
    /** Why the service stopped answering, if it did: a test that waits for outcomes says so instead of timing out blind. */
    private volatile Throwable failure;

    CommandService(CompensableOrderSaga saga, Predicate<String> ignoredOrders) {
        this.saga = saga;
        this.ignoredOrders = ignoredOrders;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "command-service-" + TestKafka.uniquePrefix(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(saga.inventoryCommands, saga.paymentCommands));
        thread = Thread.ofPlatform().name("command-service").daemon().start(this::run);
    }

    private void run() {
        try {
            while (running) {
                List<ProducerRecord<byte[], byte[]>> answers = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Received command = received(record);
                    received.add(command);
                    if (!ignoredOrders.test(command.orderId())) {
                        answers.add(answer(command));
                    }
                }
                if (!answers.isEmpty()) {
                    OrderEvents.send(producer, answers);
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            consumer.close();
        }
    }

    private ProducerRecord<byte[], byte[]> answer(Received command) {
        Instant now = Instant.now();
        return switch (command.type()) {
            case "ReleaseStock" -> saga.events.stockReleased(command.orderId(), now);
            case "RefundPayment" -> saga.paymentRefunded(command.orderId(), now);
            case "ChargePayment" -> saga.events.paymentCompleted(command.orderId(), now);
            case "RepublishReservation" -> saga.events.stockReserved(command.orderId(), now);
            default -> throw new IllegalStateException("no answer to " + command.type());
        };
    }

    private static Received received(ConsumerRecord<byte[], byte[]> record) {
        JsonNode envelope = ApiClient.JSON.readTree(record.value());
        return new Received(record.topic(), new String(record.key(), StandardCharsets.UTF_8),
                envelope.path("type").asString(), envelope.path("idempotencykey").asString(),
                header(record, "idempotency-key"), header(record, "content-type"), header(record, "traceparent"),
                envelope);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** What stopped the service, or null while it answers. */
    Throwable failure() {
        return failure;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedFor(String orderId) {
        return received.stream().filter(r -> orderId.equals(r.orderId())).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
