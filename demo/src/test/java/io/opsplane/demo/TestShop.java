package io.opsplane.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three services in this JVM, against the test PostgreSQL (a database of their own) and the
 * test Kafka broker (topics and consumer groups under a prefix of their own).
 */
final class TestShop implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final String prefix = TestKafka.uniquePrefix() + ".";
    private final String database = TestPostgres.newDatabase();
    private final Map<Role, ConfigurableApplicationContext> running = new EnumMap<>(Role.class);
    private final HttpClient http = HttpClient.newHttpClient();

    static TestShop start() {
        TestShop shop = new TestShop();
        for (Role role : Role.SHOP) {
            shop.start(role);
        }
        return shop;
    }

    void start(Role role, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--demo.service=" + role.id(),
                "--server.port=0",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=" + prefix + role.serviceName(),
                "--demo.topics.prefix=" + prefix,
                "--demo.outbox.poll-interval=1s",
                "--demo.payment.slow-answer=3s"));
        arguments.addAll(List.of(extraArguments));
        running.put(role, DemoApplication.start(role, arguments.toArray(String[]::new)));
    }

    void stop(Role role) {
        running.remove(role).close();
    }

    String url(Role role) {
        return "http://localhost:" + running.get(role).getEnvironment().getProperty("local.server.port");
    }

    JdbcTemplate jdbc(Role role) {
        return running.get(role).getBean(JdbcTemplate.class);
    }

    String topic(String name) {
        return prefix + name;
    }

    JsonNode get(Role role, String path) {
        HttpResponse<String> response = send(role, HttpRequest.newBuilder(URI.create(url(role) + path)).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The resource, or null when it answers 404. */
    JsonNode find(Role role, String path) {
        HttpResponse<String> response = send(role, HttpRequest.newBuilder(URI.create(url(role) + path)).GET());
        return response.statusCode() == 404 ? null : get(role, path);
    }

    HttpResponse<String> post(Role role, String path, String contentType, String body) {
        return send(role, HttpRequest.newBuilder(URI.create(url(role) + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(Role role, String path) {
        return send(role, HttpRequest.newBuilder(URI.create(url(role) + path)).DELETE());
    }

    /** Places an order through {@code POST /orders}; answers its id. */
    String placeOrder(String product, int quantity, String amount) {
        return placeOrder(Role.ORDER, product, quantity, amount);
    }

    /** Places an order through {@code POST /orders} of {@code role} (the order service, or the gateway); answers its id. */
    String placeOrder(Role role, String product, int quantity, String amount) {
        HttpResponse<String> response = post(role, "/orders", "application/json", """
                {"memberId":"m-test","product":"%s","quantity":%d,"amount":%s}""".formatted(product, quantity, amount));
        if (response.statusCode() != 202) {
            throw new AssertionError("POST /orders answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("orderId").asString();
    }

    String orderStatus(String orderId) {
        return get(Role.ORDER, "/orders/" + orderId).get("status").asString();
    }

    String paymentStatus(String orderId) {
        return get(Role.PAYMENT, "/payments/" + orderId).get("status").asString();
    }

    int available(String product) {
        return get(Role.INVENTORY, "/stock/" + product).get("available").asInt();
    }

    /** A command as a structured CloudEvent, the envelope docs/demo.md describes. */
    static String command(String type, String idempotencyKey, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"/opsplane/test","type":"%s","idempotencykey":"%s",
                 "datacontenttype":"application/json","data":%s}""".formatted(UUID.randomUUID(), type, idempotencyKey,
                data);
    }

    void sendCommand(String topic, String key, String cloudEvent) {
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic(topic), key.getBytes(StandardCharsets.UTF_8),
                    cloudEvent.getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record on a topic so far, with the given key. */
    List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic(topic)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!reached(consumer, ends.keySet(), ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Whether a service's listener has committed offsets at the end of the topic: it has seen everything. */
    boolean consumedAll(Role role, String listener, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                    prefix + role.serviceName() + "." + listener).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic(topic))).allTopicNames().get().get(topic(topic)).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic(topic), p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> partitions,
                                   Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    /**
     * The types of the events on {@code topic} under {@code key}, each read as its wire format says:
     * a binary CloudEvent's {@code ce_type} header, a structured one's {@code type}, a plain JSON
     * event's {@code eventType}.
     */
    List<String> eventTypes(String topic, String key) {
        return records(topic, key).stream().map(record -> {
            if (header(record, "ce_type") != null) {
                return header(record, "ce_type");
            }
            boolean structured = "application/cloudevents+json".equals(header(record, "content-type"));
            return body(record).get(structured ? "type" : "eventType").asString();
        }).toList();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static JsonNode body(ConsumerRecord<String, byte[]> record) {
        return JSON.readTree(record.value());
    }

    private HttpResponse<String> send(Role role, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(role + ": " + e, e);
        }
    }

    @Override
    public void close() {
        for (Role role : List.copyOf(running.keySet())) {
            stop(role);
        }
    }
}
