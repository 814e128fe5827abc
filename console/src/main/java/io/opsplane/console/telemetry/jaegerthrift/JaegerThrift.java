package io.opsplane.console.telemetry.jaegerthrift;

import java.util.ArrayList;
import java.util.List;

/** Reads jaeger-idl's thrift/jaeger.thrift Batch from Thrift's binary protocol, skipping fields it does not know. */
final class JaegerThrift {

    private JaegerThrift() {
    }

    static JaegerBatch batch(byte[] body) {
        ThriftReader in = new ThriftReader(body);
        JaegerBatch.Process process = null;
        List<JaegerBatch.Span> spans = List.of();
        for (ThriftReader.Field field = in.field(); !field.stop(); field = in.field()) {
            if (field.id() == 1 && field.type() == ThriftReader.STRUCT) {
                process = process(in);
            } else if (field.id() == 2 && field.type() == ThriftReader.LIST) {
                int size = in.listSize(ThriftReader.STRUCT, "Batch.spans");
                spans = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    spans.add(span(in, i));
                }
            } else {
                in.skip(field.type());
            }
        }
        if (process == null) {
            throw new IllegalArgumentException("a Batch without its process");
        }
        return new JaegerBatch(process, spans);
    }

    private static JaegerBatch.Process process(ThriftReader in) {
        String serviceName = "";
        List<JaegerBatch.Tag> tags = List.of();
        for (ThriftReader.Field field = in.field(); !field.stop(); field = in.field()) {
            if (field.id() == 1 && field.type() == ThriftReader.STRING) {
                serviceName = in.readString();
            } else if (field.id() == 2 && field.type() == ThriftReader.LIST) {
                tags = tags(in, "Process.tags");
            } else {
                in.skip(field.type());
            }
        }
        return new JaegerBatch.Process(serviceName, tags);
    }

    private static JaegerBatch.Span span(ThriftReader in, int index) {
        long traceIdLow = 0;
        long traceIdHigh = 0;
        long spanId = 0;
        long parentSpanId = 0;
        String operationName = "";
        List<JaegerBatch.SpanRef> references = List.of();
        int flags = 0;
        long startTime = 0;
        long duration = 0;
        List<JaegerBatch.Tag> tags = List.of();
        List<JaegerBatch.Log> logs = List.of();
        String what = "span " + index;
        for (ThriftReader.Field field = in.field(); !field.stop(); field = in.field()) {
            switch (field.id() * 16 + field.type()) {
                case 1 * 16 + ThriftReader.I64 -> traceIdLow = in.readI64();
                case 2 * 16 + ThriftReader.I64 -> traceIdHigh = in.readI64();
                case 3 * 16 + ThriftReader.I64 -> spanId = in.readI64();
                case 4 * 16 + ThriftReader.I64 -> parentSpanId = in.readI64();
                case 5 * 16 + ThriftReader.STRING -> operationName = in.readString();
                case 6 * 16 + ThriftReader.LIST -> {
                    int size = in.listSize(ThriftReader.STRUCT, what + " references");
                    references = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        references.add(reference(in));
                    }
                }
                case 7 * 16 + ThriftReader.I32 -> flags = in.readI32();
                case 8 * 16 + ThriftReader.I64 -> startTime = in.readI64();
                case 9 * 16 + ThriftReader.I64 -> duration = in.readI64();
                case 10 * 16 + ThriftReader.LIST -> tags = tags(in, what + " tags");
                case 11 * 16 + ThriftReader.LIST -> {
                    int size = in.listSize(ThriftReader.STRUCT, what + " logs");
                    logs = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        logs.add(log(in, what));
                    }
                }
                default -> in.skip(field.type());
            }
        }
        if (traceIdLow == 0 && traceIdHigh == 0 || spanId == 0) {
            throw new IllegalArgumentException(what + " has no trace id or span id");
        }
        return new JaegerBatch.Span(traceIdLow, traceIdHigh, spanId, parentSpanId, operationName, references, flags,
                startTime, duration, tags, logs);
    }

    private static JaegerBatch.SpanRef reference(ThriftReader in) {
        int type = 0;
        long low = 0;
        long high = 0;
        long spanId = 0;
        for (ThriftReader.Field field = in.field(); !field.stop(); field = in.field()) {
            switch (field.id() * 16 + field.type()) {
                case 1 * 16 + ThriftReader.I32 -> type = in.readI32();
                case 2 * 16 + ThriftReader.I64 -> low = in.readI64();
                case 3 * 16 + ThriftReader.I64 -> high = in.readI64();
                case 4 * 16 + ThriftReader.I64 -> spanId = in.readI64();
                default -> in.skip(field.type());
            }
        }
        return new JaegerBatch.SpanRef(type, low, high, spanId);
    }

    private static JaegerBatch.Log log(ThriftReader in, String what) {
        long timestamp = 0;
        List<JaegerBatch.Tag> fields = List.of();
        for (ThriftReader.Field field = in.field(); !field.stop(); field = in.field()) {
            switch (field.id() * 16 + field.type()) {
                case 1 * 16 + ThriftReader.I64 -> timestamp = in.readI64();
                case 2 * 16 + ThriftReader.LIST -> fields = tags(in, what + " log fields");
                default -> in.skip(field.type());
            }
        }
        return new JaegerBatch.Log(timestamp, fields);
    }

    private static List<JaegerBatch.Tag> tags(ThriftReader in, String what) {
        int size = in.listSize(ThriftReader.STRUCT, what);
        List<JaegerBatch.Tag> tags = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String key = "";
            int type = JaegerBatch.Tag.STRING;
            String string = "";
            double number = 0;
            boolean bool = false;
            long integer = 0;
            byte[] binary = new byte[0];
            for (ThriftReader.Field field = in.field(); !field.stop(); field = in.field()) {
                switch (field.id() * 16 + field.type()) {
                    case 1 * 16 + ThriftReader.STRING -> key = in.readString();
                    case 2 * 16 + ThriftReader.I32 -> type = in.readI32();
                    case 3 * 16 + ThriftReader.STRING -> string = in.readString();
                    case 4 * 16 + ThriftReader.DOUBLE -> number = in.readDouble();
                    case 5 * 16 + ThriftReader.BOOL -> bool = in.readBool();
                    case 6 * 16 + ThriftReader.I64 -> integer = in.readI64();
                    case 7 * 16 + ThriftReader.STRING -> binary = in.readBinary();
                    default -> in.skip(field.type());
                }
            }
            tags.add(new JaegerBatch.Tag(key, type, string, number, bool, integer, binary));
        }
        return tags;
    }
}
