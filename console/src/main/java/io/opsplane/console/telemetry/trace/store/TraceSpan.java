package io.opsplane.console.telemetry.trace.store;

import java.util.List;

/**
 * A span as Jaeger's Elasticsearch storage holds it. Ids are lower-case hex as stored; times and
 * durations are microseconds; tag values are String, Boolean, Long, Double, or (binary) hex String.
 */
public record TraceSpan(String traceId, String spanId, String parentSpanId, long flags, String operationName,
                 List<Ref> references, long startMicros, long durationMicros, List<Tag> tags, List<Log> logs,
                 Process process, List<Tag> scopeTags) {

    public enum TagType {
        STRING("string"), BOOL("bool"), INT64("int64"), FLOAT64("float64"), BINARY("binary");

        private final String stored;

        TagType(String stored) {
            this.stored = stored;
        }

        /** The type's name in Jaeger's documents and JSON. */
        public String stored() {
            return stored;
        }

        public static TagType ofStored(String type) {
            for (TagType t : values()) {
                if (t.stored.equals(type)) {
                    return t;
                }
            }
            return STRING;
        }
    }

    public record Tag(String key, TagType type, Object value) {

        public static Tag string(String key, String value) {
            return new Tag(key, TagType.STRING, value);
        }
    }

    public record Ref(String refType, String traceId, String spanId, String traceState, long flags, List<Tag> tags) {
    }

    public record Log(long timestampMicros, List<Tag> fields) {
    }

    public record Process(String serviceName, List<Tag> tags) {
    }

    /** The span this one is a child of: the stored parent, else the first CHILD_OF reference in its trace. */
    public String parent() {
        if (parentSpanId != null && !parentSpanId.isEmpty()) {
            return parentSpanId;
        }
        for (Ref ref : references) {
            if ("CHILD_OF".equals(ref.refType()) && TraceIds.same(ref.traceId(), traceId)) {
                return ref.spanId();
            }
        }
        return null;
    }

    public boolean hasError() {
        for (Tag tag : tags) {
            if (tag.key().equals("error") && (Boolean.TRUE.equals(tag.value()) || "true".equals(tag.value()))) {
                return true;
            }
        }
        return false;
    }
}
