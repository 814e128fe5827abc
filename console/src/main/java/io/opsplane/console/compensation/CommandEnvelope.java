package io.opsplane.console.compensation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsplane.console.definition.KeyExtractor;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.saga.SagaSummary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CloudEvent (structured mode, JSON) every command goes out as, on Kafka and over HTTP alike. Everything in
 * it but {@code time} follows from the saga, the step, the action and the attempt, so a preview shows the
 * command exactly as it will be sent, and a command sent again after a crash is the same command. See
 * docs/compensation.md for the envelope as the owning services read it.
 */
final class CommandEnvelope {

    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    static final String IDEMPOTENCY_HEADER = "idempotency-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private CommandEnvelope() {
    }

    /** "order-placement/o-1001/reserve-stock/compensate/1": the saga, the step, the action and the attempt. */
    static String idempotencyKey(SagaSummary saga, String step, ActionKind kind, int attempt) {
        return saga.type() + "/" + saga.correlationKey() + "/" + step + "/" + kind.keyWord() + "/" + attempt;
    }

    static ObjectNode build(String source, SagaSummary saga, SagaDefinition definition, String step,
                            String commandType, ActionKind kind, int attempt, String expectedEvent, Instant time) {
        String key = idempotencyKey(saga, step, kind, attempt);
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
        event.put("source", source);
        event.put("type", commandType);
        event.put("subject", saga.type() + "/" + saga.correlationKey());
        event.put("time", time.toString());
        event.put("datacontenttype", "application/json");
        event.put("traceparent", traceparent(saga, key));
        event.put("idempotencykey", key);
        event.set("data", data(saga, definition, step, kind, attempt, expectedEvent));
        return event;
    }

    /**
     * The saga's keys where its own events carry them (the correlation key and each business key at its JSON
     * pointer, so a service reads {@code /orderId} of a command as it does of an event), and Opsplane's own
     * fields under {@code opsplane}.
     */
    private static ObjectNode data(SagaSummary saga, SagaDefinition definition, String step, ActionKind kind,
                                   int attempt, String expectedEvent) {
        ObjectNode data = JSON.createObjectNode();
        put(data, definition.correlation(), saga.correlationKey());
        for (Map.Entry<String, KeyExtractor> key : definition.businessKeys().entrySet()) {
            String value = saga.businessKeys().get(key.getKey());
            if (value != null) {
                put(data, key.getValue(), value);
            }
        }
        ObjectNode opsplane = data.putObject("opsplane");
        opsplane.put("sagaType", saga.type());
        opsplane.put("sagaId", saga.id());
        opsplane.put("correlationKey", saga.correlationKey());
        ObjectNode businessKeys = opsplane.putObject("businessKeys");
        saga.businessKeys().forEach(businessKeys::put);
        opsplane.put("action", kind.name());
        opsplane.put("step", step);
        opsplane.put("attempt", attempt);
        opsplane.put("expectedEvent", expectedEvent);
        return data;
    }

    /** Writes {@code value} at the key's JSON pointer, making the objects on the way; header keys have no place in data. */
    private static void put(ObjectNode data, KeyExtractor key, String value) {
        if (key.pointer() == null) {
            return;
        }
        String[] parts = key.pointer().substring(1).split("/");
        ObjectNode at = data;
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i].replace("~1", "/").replace("~0", "~");
            if (name.isEmpty() || (i == 0 && name.equals("opsplane"))) {
                return;
            }
            if (i == parts.length - 1) {
                if (!at.has(name)) {
                    at.put(name, value);
                }
                return;
            }
            JsonNode next = at.get(name);
            if (next == null) {
                at = at.putObject(name);
            } else if (next instanceof ObjectNode object) {
                at = object;
            } else {
                return;
            }
        }
    }

    /**
     * A new span in the saga's latest trace when it has one (so what the service does about the command shows
     * in the saga's trace), in a trace of its own otherwise. The span id follows from the idempotency key.
     */
    private static String traceparent(SagaSummary saga, String key) {
        byte[] digest = sha256(key);
        String traceId = saga.traceIds().isEmpty() ? null : saga.traceIds().getLast();
        if (traceId == null || !TRACE_ID.matcher(traceId).matches() || traceId.equals("0".repeat(32))) {
            traceId = HexFormat.of().formatHex(digest, 0, 16);
        }
        String spanId = HexFormat.of().formatHex(digest, 16, 24);
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode envelope) {
        return JSON.writeValueAsBytes(envelope);
    }

    static String text(JsonNode envelope) {
        return JSON.writeValueAsString(envelope);
    }

    static JsonNode parse(String text) {
        return JSON.readTree(text);
    }
}
