package io.opsplane.console.telemetry.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opsplane.console.testing.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * A {@code google.rpc.Status} (code = 1 int32, message = 2 string, details = 3 repeated Any) decoded as an OTLP
 * exporter decodes it: strictly, so a problem+json or HTML body read as protobuf fails instead of passing
 * (com.google.rpc.Status is not on the classpath).
 */
record RpcStatus(int code, String message) {

    static RpcStatus fromProtobuf(byte[] body) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            int code = 0;
            String message = "";
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                int type = WireFormat.getTagWireType(tag);
                if (field == 1 && type == WireFormat.WIRETYPE_VARINT) {
                    code = in.readInt32();
                } else if (field == 2 && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    message = in.readStringRequireUtf8();
                } else if (field == 3 && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    in.readBytes();
                } else {
                    throw new AssertionError("not a google.rpc.Status: field " + field + " of wire type " + type
                            + " in " + new String(body, StandardCharsets.UTF_8));
                }
            }
            return new RpcStatus(code, message);
        } catch (IOException e) {
            throw new UncheckedIOException("not a google.rpc.Status: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    static RpcStatus fromJson(byte[] body) {
        JsonNode status = ApiClient.JSON.readTree(body);
        Set<String> fields = new java.util.HashSet<>(status.propertyNames());
        fields.removeAll(Set.of("code", "message", "details"));
        if (!status.isObject() || !fields.isEmpty()) {
            throw new AssertionError("not a google.rpc.Status: " + new String(body, StandardCharsets.UTF_8));
        }
        return new RpcStatus(status.path("code").asInt(), status.path("message").asString());
    }
}
