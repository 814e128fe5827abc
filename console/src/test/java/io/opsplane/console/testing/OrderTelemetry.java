package io.opsplane.console.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the order saga's services would export through OTLP for one order, on the trace id its Kafka
 * events carry ({@link OrderEvents#traceIdOf}): order-service takes the order and publishes it,
 * inventory-service reserves stock, payment-service charges the card through card-gateway. When the
 * charge fails, the gateway, the charge and the consumer span in payment-service fail, and
 * payment-service logs an error.
 */
public final class OrderTelemetry {

    public static final String ORDER_SERVICE = "order-service";
    public static final String INVENTORY_SERVICE = "inventory-service";
    public static final String PAYMENT_SERVICE = "payment-service";
    public static final String CARD_GATEWAY = "card-gateway";

    private static final int SERVER = 2;
    private static final int CLIENT = 3;
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;

    private OrderTelemetry() {
    }

    /** The spans of the order's trace as an OTLP/JSON export request. */
    public static byte[] traces(String orderId, Instant at, boolean chargeFails) {
        String trace = OrderEvents.traceIdOf(orderId);
        ObjectNode request = ApiClient.JSON.createObjectNode();
        ArrayNode resources = request.putArray("resourceSpans");
        ArrayNode order = spans(resources, ORDER_SERVICE);
        span(order, trace, "a", null, "POST /orders", SERVER, at, 120, false, Map.of("http.request.method", "POST",
                "http.route", "/orders", "order.id", orderId));
        span(order, trace, "b", "a", "orders publish", PRODUCER, at.plusMillis(20), 10, false,
                Map.of("messaging.system", "kafka", "messaging.destination.name", "orders"));
        ArrayNode inventory = spans(resources, INVENTORY_SERVICE);
        span(inventory, trace, "c", "b", "orders process", CONSUMER, at.plusMillis(1000), 60, false,
                Map.of("messaging.system", "kafka"));
        span(inventory, trace, "d", "c", "SELECT stock", CLIENT, at.plusMillis(1010), 15, false,
                Map.of("db.system", "postgresql"));
        span(inventory, trace, "e", "c", "inventory publish", PRODUCER, at.plusMillis(1040), 8, false,
                Map.of("messaging.system", "kafka", "messaging.destination.name", "inventory"));
        ArrayNode payment = spans(resources, PAYMENT_SERVICE);
        long charge = chargeFails ? 2_400 : 300;
        span(payment, trace, "f", "e", "inventory process", CONSUMER, at.plusMillis(2000), charge + 60, chargeFails,
                Map.of("messaging.system", "kafka"));
        ObjectNode call = span(payment, trace, "g", "f", "POST /charges", CLIENT, at.plusMillis(2020), charge,
                chargeFails, Map.of("http.request.method", "POST", "server.address", "gateway.example"));
        if (chargeFails) {
            ObjectNode event = call.putArray("events").addObject();
            event.put("timeUnixNano", nanos(at.plusMillis(2020 + charge)));
            event.put("name", "exception");
            attributes(event, Map.of("exception.type", "java.net.SocketTimeoutException",
                    "exception.message", "gateway timeout after 2400 ms"));
        }
        ArrayNode gateway = spans(resources, CARD_GATEWAY);
        span(gateway, trace, "h", "g", "charge card", SERVER, at.plusMillis(2030), charge - 20, chargeFails,
                Map.of("card.network", "visa"));
        return bytes(request);
    }

    /** The order's log lines as an OTLP/JSON export request. */
    public static byte[] logs(String orderId, Instant at, boolean chargeFails) {
        String trace = OrderEvents.traceIdOf(orderId);
        ObjectNode request = ApiClient.JSON.createObjectNode();
        ArrayNode resources = request.putArray("resourceLogs");
        line(records(resources, ORDER_SERVICE), trace, "a", at.plusMillis(5), 9, "INFO",
                "Order " + orderId + " created");
        line(records(resources, INVENTORY_SERVICE), trace, "c", at.plusMillis(1030), 9, "INFO",
                "Reserved 2 x sku-1 for order " + orderId);
        ArrayNode payment = records(resources, PAYMENT_SERVICE);
        if (chargeFails) {
            line(payment, trace, "g", at.plusMillis(2500), 13, "WARN", "Card gateway slow for order " + orderId);
            line(payment, trace, "g", at.plusMillis(4420), 17, "ERROR",
                    "Card charge failed for order " + orderId + ": gateway timeout after 2400 ms");
        } else {
            line(payment, trace, "g", at.plusMillis(2330), 9, "INFO", "Charged 42.50 for order " + orderId);
        }
        return bytes(request);
    }

    /** One log line of a service on a trace, as an OTLP/JSON export request. */
    public static byte[] line(String service, String traceId, Instant at, int severity, String level, String body) {
        ObjectNode request = ApiClient.JSON.createObjectNode();
        line(records(request.putArray("resourceLogs"), service), traceId, "g", at, severity, level, body);
        return bytes(request);
    }

    /**
     * Ten "POST /charges" requests served by {@code service} a minute before {@code nowNanos}, each {@code duration}
     * long and the first four failing (an error ratio of 0.4), as an OTLP/JSON export request. Trace and span ids
     * count up from the ones given, so that tests sharing an index do not share traces.
     */
    public static String chargeRequests(String service, long nowNanos, long firstTraceId, long firstSpanId,
                                        Duration duration) {
        List<String> spans = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = nowNanos - 60_000_000_000L + i;
            spans.add("""
                    {"traceId":"%032x","spanId":"%016x","name":"POST /charges","kind":2,
                     "startTimeUnixNano":"%d","endTimeUnixNano":"%d"%s}""".formatted(firstTraceId + i, firstSpanId + i,
                    start, start + duration.toNanos(), i < 4 ? ",\"status\":{\"code\":2}" : ""));
        }
        return """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeSpans":[{"spans":[%s]}]}]}""".formatted(service, String.join(",", spans));
    }

    /** The span id of a span named by letter in {@link #traces}: stable per trace, 16 hex digits. */
    private static String spanId(String traceId, String letter) {
        return String.format("%016x", Math.abs((long) (traceId + letter).hashCode()) + 1);
    }

    private static ArrayNode spans(ArrayNode resources, String service) {
        ObjectNode resource = resources.addObject();
        attributes(resource.putObject("resource"), Map.of("service.name", service, "host.name", service + "-1"));
        ObjectNode scope = resource.putArray("scopeSpans").addObject();
        scope.putObject("scope").put("name", "io.opentelemetry.shop").put("version", "1.0.0");
        return scope.putArray("spans");
    }

    private static ObjectNode span(ArrayNode spans, String traceId, String id, String parent, String name, int kind,
                                   Instant start, long millis, boolean failed, Map<String, String> attributes) {
        ObjectNode span = spans.addObject();
        span.put("traceId", traceId);
        span.put("spanId", spanId(traceId, id));
        if (parent != null) {
            span.put("parentSpanId", spanId(traceId, parent));
        }
        span.put("name", name);
        span.put("kind", kind);
        span.put("startTimeUnixNano", nanos(start));
        span.put("endTimeUnixNano", nanos(start.plusMillis(millis)));
        attributes(span, attributes);
        if (failed) {
            span.putObject("status").put("code", 2).put("message", "gateway timeout");
        }
        return span;
    }

    private static ArrayNode records(ArrayNode resources, String service) {
        ObjectNode resource = resources.addObject();
        attributes(resource.putObject("resource"), Map.of("service.name", service));
        ObjectNode scope = resource.putArray("scopeLogs").addObject();
        scope.putObject("scope").put("name", "io.opentelemetry.shop");
        return scope.putArray("logRecords");
    }

    private static void line(ArrayNode records, String traceId, String span, Instant at, int severity, String level,
                             String body) {
        ObjectNode record = records.addObject();
        record.put("timeUnixNano", nanos(at));
        record.put("observedTimeUnixNano", nanos(at.plusMillis(3)));
        record.put("severityNumber", severity);
        record.put("severityText", level);
        record.putObject("body").put("stringValue", body);
        record.put("traceId", traceId);
        record.put("spanId", spanId(traceId, span));
    }

    private static void attributes(ObjectNode owner, Map<String, String> values) {
        ArrayNode attributes = owner.putArray("attributes");
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> attributes.addObject()
                .put("key", e.getKey()).putObject("value").put("stringValue", e.getValue()));
    }

    private static String nanos(Instant at) {
        return String.valueOf(ChronoUnit.NANOS.between(Instant.EPOCH, at));
    }

    private static byte[] bytes(ObjectNode request) {
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends both through the OTLP/HTTP receiver, as an exporter with the admin's credentials would. */
    public static void export(ApiClient api, String orderId, Instant at, boolean chargeFails) {
        for (Map.Entry<String, byte[]> request : List.of(Map.entry("/v1/traces", traces(orderId, at, chargeFails)),
                Map.entry("/v1/logs", logs(orderId, at, chargeFails)))) {
            var response = api.ingest().post(request.getKey(), "application/json", request.getValue(), Map.of());
            String answer = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() != 200 || answer.contains("rejected")) {
                throw new AssertionError(request.getKey() + " answered " + response.statusCode() + ": "
                        + answer);
            }
        }
    }
}
