package io.opsplane.console.telemetry.zipkin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

/**
 * Zipkin's proto3 encoding (zipkin-api's zipkin.proto: {@code ListOfSpans}), read field by field: the messages are
 * small and fixed, and reading them directly spares a generated copy of Zipkin's schema. Unknown fields are skipped
 * as protobuf readers do.
 */
final class ZipkinProto3 {

    private static final String[] KINDS = {null, "CLIENT", "SERVER", "PRODUCER", "CONSUMER"};

    private ZipkinProto3() {
    }

    static List<ZipkinSpan> decode(ByteString body) throws InvalidProtocolBufferException {
        CodedInputStream in = body.newCodedInput();
        List<ZipkinSpan> spans = new ArrayList<>();
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (WireFormat.getTagFieldNumber(tag) == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    spans.add(span(in.readBytes().newCodedInput(), spans.size()));
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        return spans;
    }

    private static ZipkinSpan span(CodedInputStream in, int index) throws IOException {
        String what = "span " + index;
        ByteString traceId = ByteString.EMPTY;
        ByteString parentId = ByteString.EMPTY;
        ByteString id = ByteString.EMPTY;
        String kind = null;
        String name = null;
        Long timestamp = null;
        long duration = 0;
        ZipkinSpan.Endpoint local = null;
        ZipkinSpan.Endpoint remote = null;
        List<ZipkinSpan.Annotation> annotations = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> traceId = in.readBytes();
                case 2 -> parentId = in.readBytes();
                case 3 -> id = in.readBytes();
                case 4 -> {
                    int value = in.readEnum();
                    kind = value > 0 && value < KINDS.length ? KINDS[value] : null;
                }
                case 5 -> name = in.readStringRequireUtf8();
                case 6 -> timestamp = in.readFixed64();
                case 7 -> duration = in.readUInt64();
                case 8 -> local = endpoint(in.readBytes().newCodedInput());
                case 9 -> remote = endpoint(in.readBytes().newCodedInput());
                case 10 -> annotations.add(annotation(in.readBytes().newCodedInput()));
                case 11 -> {
                    String[] entry = mapEntry(in.readBytes().newCodedInput());
                    tags.put(entry[0], entry[1]);
                }
                default -> in.skipField(tag);
            }
        }
        if (traceId.isEmpty()) {
            throw new IllegalArgumentException(what + " has no trace_id");
        }
        return new ZipkinSpan(ZipkinIds.fromBytes(traceId, what + " trace_id"),
                parentId.isEmpty() ? null : ZipkinIds.spanId(ZipkinIds.fromBytes(parentId, what + " parent_id"), what),
                ZipkinIds.spanId(id.isEmpty() ? null : ZipkinIds.fromBytes(id, what + " id"), what + " id"),
                kind, name == null || name.isEmpty() ? null : name, timestamp == null || timestamp == 0 ? null : timestamp,
                duration, local, remote, annotations, tags);
    }

    private static ZipkinSpan.Endpoint endpoint(CodedInputStream in) throws IOException {
        String serviceName = null;
        String ipv4 = null;
        String ipv6 = null;
        int port = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> serviceName = in.readStringRequireUtf8();
                case 2 -> ipv4 = address(in.readBytes(), 4);
                case 3 -> ipv6 = address(in.readBytes(), 16);
                case 4 -> port = in.readInt32();
                default -> in.skipField(tag);
            }
        }
        return new ZipkinSpan.Endpoint(serviceName == null || serviceName.isEmpty() ? null : serviceName, ipv4, ipv6,
                port);
    }

    private static ZipkinSpan.Annotation annotation(CodedInputStream in) throws IOException {
        long timestamp = 0;
        String value = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> timestamp = in.readFixed64();
                case 2 -> value = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        return new ZipkinSpan.Annotation(timestamp, value);
    }

    private static String[] mapEntry(CodedInputStream in) throws IOException {
        String[] entry = {"", ""};
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> entry[0] = in.readStringRequireUtf8();
                case 2 -> entry[1] = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        return entry;
    }

    /** An address as its text; bytes of any other length are not an address and are left out. */
    private static String address(ByteString bytes, int length) {
        if (bytes.size() != length) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes.toByteArray()).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
