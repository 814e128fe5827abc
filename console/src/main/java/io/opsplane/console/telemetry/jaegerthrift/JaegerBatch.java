package io.opsplane.console.telemetry.jaegerthrift;

import java.util.List;

/** jaeger.thrift's Batch as a legacy Jaeger client sends it: one process and its spans. */
record JaegerBatch(Process process, List<Span> spans) {

    record Process(String serviceName, List<Tag> tags) {
    }

    /** A tag: {@code type} is jaeger.thrift's TagType (STRING, DOUBLE, BOOL, LONG, BINARY = 0 to 4). */
    record Tag(String key, int type, String string, double number, boolean bool, long integer, byte[] binary) {
        static final int STRING = 0;
        static final int DOUBLE = 1;
        static final int BOOL = 2;
        static final int LONG = 3;
        static final int BINARY = 4;
    }

    record Log(long timestampMicros, List<Tag> fields) {
    }

    /** {@code type} 0 is CHILD_OF, 1 FOLLOWS_FROM. */
    record SpanRef(int type, long traceIdLow, long traceIdHigh, long spanId) {
    }

    record Span(long traceIdLow, long traceIdHigh, long spanId, long parentSpanId, String operationName,
                List<SpanRef> references, int flags, long startTimeMicros, long durationMicros, List<Tag> tags,
                List<Log> logs) {
    }
}
