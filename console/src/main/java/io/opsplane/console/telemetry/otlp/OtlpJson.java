package io.opsplane.console.telemetry.otlp;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP/JSON as the specification defines it: the protobuf JSON mapping except that trace and span
 * ids are hex strings (not base64), and unknown fields are ignored.
 */
public final class OtlpJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    /** Enums as numbers, as OTLP/JSON requires ({@code "kind": 2}); fields at their default left out. */
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().printingEnumsAsInts()
            .omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    public static ExportTraceServiceRequest traces(byte[] json) throws InvalidProtocolBufferException {
        return traces(new ByteArrayInputStream(json));
    }

    /** From a stream, so the receiver parses the chunks it received without joining them into one array. */
    public static ExportTraceServiceRequest traces(InputStream json) throws InvalidProtocolBufferException {
        return merged(json, ExportTraceServiceRequest.newBuilder()).build();
    }

    public static ExportLogsServiceRequest logs(byte[] json) throws InvalidProtocolBufferException {
        return logs(new ByteArrayInputStream(json));
    }

    public static ExportLogsServiceRequest logs(InputStream json) throws InvalidProtocolBufferException {
        return merged(json, ExportLogsServiceRequest.newBuilder()).build();
    }

    /** A message (such as {@code TracesData}) as OTLP/JSON: hex trace and span ids, enums as numbers. */
    public static JsonNode tree(MessageOrBuilder message) {
        JsonNode tree;
        try {
            tree = JSON.readTree(PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an OTLP message that cannot be printed: " + e.getMessage(), e);
        }
        rewriteIds(tree, (field, base64) -> HexFormat.of().formatHex(Base64.getDecoder().decode(base64)));
        return tree;
    }

    /** Every id field at any depth of the tree, as {@code rewrite} turns its name and value into the new value. */
    private static void rewriteIds(JsonNode node, BinaryOperator<String> rewrite) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (ID_FIELDS.contains(field.getKey()) && field.getValue().isString()) {
                    object.put(field.getKey(), rewrite.apply(field.getKey(), field.getValue().asString()));
                } else {
                    rewriteIds(field.getValue(), rewrite);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> rewriteIds(element, rewrite));
        }
    }

    /** The builder, with the body merged into it. */
    private static <B extends Message.Builder> B merged(InputStream json, B builder)
            throws InvalidProtocolBufferException {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidProtocolBufferException("not JSON: " + e.getOriginalMessage());
        }
        if (!tree.isObject()) {
            throw new InvalidProtocolBufferException("an OTLP/JSON body must be a JSON object");
        }
        rewriteIds(tree, OtlpJson::base64);
        PARSER.merge(JSON.writeValueAsString(tree), builder);
        return builder;
    }

    private static String base64(String field, String hex) throws IllegalArgumentException {
        if (hex.isEmpty()) {
            return hex;
        }
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " '" + hex + "' is not a hex string");
        }
    }
}
