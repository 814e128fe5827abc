package io.opsplane.console.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Builds the events the order saga's services publish, the way real services would: order events
 * as structured CloudEvents, inventory events as binary CloudEvents, payment events as plain JSON;
 * each carries a W3C traceparent, and each record the time its event happened, as a service producing it then
 * would stamp it (a backlog of old events is a backlog of old records).
 */
public final class OrderEvents {

    private final OrderSaga saga;

    public OrderEvents(OrderSaga saga) {
        this.saga = saga;
    }

    public ProducerRecord<byte[], byte[]> orderCreated(String orderId, Instant at) {
        return structured(saga.orders, orderId, "com.shop.order.created", "created-" + orderId, at,
                "{\"orderId\":\"%s\",\"memberId\":\"m-%s\",\"amount\":42.5,\"customer\":{\"email\":\"%s@example.com\"}}"
                        .formatted(orderId, orderId, orderId));
    }

    public ProducerRecord<byte[], byte[]> orderConfirmed(String orderId, Instant at) {
        return orderEvent("confirmed", orderId, at);
    }

    public ProducerRecord<byte[], byte[]> orderCancelled(String orderId, Instant at) {
        return orderEvent("cancelled", orderId, at);
    }

    public ProducerRecord<byte[], byte[]> stockReserved(String orderId, Instant at) {
        return stockEvent("reserved", orderId, at);
    }

    public ProducerRecord<byte[], byte[]> stockReleased(String orderId, Instant at) {
        return stockEvent("released", orderId, at);
    }

    /** The order service's CloudEvents in structured mode, named com.shop.order.{@code happened}. */
    private ProducerRecord<byte[], byte[]> orderEvent(String happened, String orderId, Instant at) {
        return structured(saga.orders, orderId, "com.shop.order." + happened, happened + "-" + orderId, at,
                "{\"orderId\":\"%s\"}".formatted(orderId));
    }

    /** The inventory service's CloudEvents in binary mode, always about two of sku-1. */
    private ProducerRecord<byte[], byte[]> stockEvent(String happened, String orderId, Instant at) {
        return binary(saga.inventory, orderId, "com.shop.stock." + happened, happened + "-" + orderId, at,
                "{\"orderId\":\"%s\",\"sku\":\"sku-1\",\"quantity\":2}".formatted(orderId));
    }

    public ProducerRecord<byte[], byte[]> paymentCompleted(String orderId, Instant at) {
        return plain(saga.payments, orderId, "PaymentCompleted", "paid-" + orderId, at);
    }

    public ProducerRecord<byte[], byte[]> paymentFailed(String orderId, Instant at) {
        return plain(saga.payments, orderId, "PaymentFailed", "payfail-" + orderId, at);
    }

    /** The four events of a saga that completes, starting at {@code start}, one second apart. */
    public List<ProducerRecord<byte[], byte[]>> completedSaga(String orderId, Instant start) {
        return List.of(orderCreated(orderId, start), stockReserved(orderId, start.plusSeconds(1)),
                paymentCompleted(orderId, start.plusSeconds(2)), orderConfirmed(orderId, start.plusSeconds(3)));
    }

    /** A saga whose payment fails and is compensated: stock released, order cancelled. */
    public List<ProducerRecord<byte[], byte[]>> compensatedSaga(String orderId, Instant start) {
        return List.of(orderCreated(orderId, start), stockReserved(orderId, start.plusSeconds(1)),
                paymentFailed(orderId, start.plusSeconds(2)), stockReleased(orderId, start.plusSeconds(3)),
                orderCancelled(orderId, start.plusSeconds(4)));
    }

    /**
     * A mixed stream from {@code start}: {@code completed} sagas that complete (keys {@code <prefix>-done-<i>}),
     * {@code stuck} ones whose payment never comes ({@code <prefix>-stuck-<i>}), and a payment record that is not
     * JSON at all, which must not stop the rest.
     */
    public List<ProducerRecord<byte[], byte[]>> completedStuckAndPoison(String prefix, int completed, int stuck,
                                                                       Instant start) {
        List<ProducerRecord<byte[], byte[]>> stream = new ArrayList<>();
        for (int i = 0; i < completed; i++) {
            stream.addAll(completedSaga(prefix + "-done-" + i, start.plusSeconds(i)));
        }
        for (int i = 0; i < stuck; i++) {
            stream.add(orderCreated(prefix + "-stuck-" + i, start.plusSeconds(10 + i)));
            stream.add(stockReserved(prefix + "-stuck-" + i, start.plusSeconds(11 + i)));
        }
        stream.add(new ProducerRecord<>(saga.payments, null, bytes("not json at all")));
        return stream;
    }

    public static String traceIdOf(String orderId) {
        return String.format("%032x", Math.abs((long) orderId.hashCode()) + 1);
    }

    private static String traceparent(String orderId, String eventId) {
        return "00-" + traceIdOf(orderId) + "-" + String.format("%016x", Math.abs((long) eventId.hashCode()) + 1) + "-01";
    }

    private static ProducerRecord<byte[], byte[]> structured(String topic, String orderId, String type, String id,
                                                             Instant at, String data) {
        String event = """
                {"specversion":"1.0","id":"%s","source":"/order-service","type":"%s","time":"%s",\
                "datacontenttype":"application/json","traceparent":"%s","data":%s}""".formatted(
                id, type, at, traceparent(orderId, id), data);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, at.toEpochMilli(), bytes(orderId), bytes(event));
        record.headers().add(new RecordHeader("content-type", bytes("application/cloudevents+json; charset=UTF-8")));
        return record;
    }

    private static ProducerRecord<byte[], byte[]> binary(String topic, String orderId, String type, String id,
                                                         Instant at, String data) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, at.toEpochMilli(), bytes(orderId), bytes(data));
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(id))
                .add("ce_source", bytes("/inventory-service"))
                .add("ce_type", bytes(type))
                .add("ce_time", bytes(at.toString()))
                .add("content-type", bytes("application/json"))
                .add("traceparent", bytes(traceparent(orderId, id)));
        return record;
    }

    private static ProducerRecord<byte[], byte[]> plain(String topic, String orderId, String eventType, String id,
                                                        Instant at) {
        String body = """
                {"eventId":"%s","eventType":"%s","orderId":"%s","paymentId":"p-%s","occurredAt":"%s"}""".formatted(
                id, eventType, orderId, orderId, at);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, at.toEpochMilli(), bytes(orderId), bytes(body));
        record.headers().add("traceparent", bytes(traceparent(orderId, id)));
        return record;
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The producer of {@link #send(List)}: one per test JVM on the shared broker, closed by no test. */
    private static KafkaProducer<byte[], byte[]> shared;

    /**
     * Sends the records to the shared broker through a producer the test JVM shares, for tests that need none of
     * their own; returns once all are written.
     */
    public static void send(List<ProducerRecord<byte[], byte[]>> records) {
        KafkaProducer<byte[], byte[]> producer;
        synchronized (OrderEvents.class) {
            if (shared == null) {
                shared = TestKafka.producer();
            }
            producer = shared;
        }
        send(producer, records);
    }

    public static void send(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            sent.add(producer.send(record));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("could not produce a test event", e);
            }
        }
    }
}
