package io.opsplane.console.telemetry.trace.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan.TagType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jaeger's span document ({@code dbmodel.Span}) written as Jaeger v2 writes it: typed tag values, parent both as
 * {@code parentSpanID} and as the first CHILD_OF reference. {@link SpanDocumentReader} reads it back, in every form
 * Jaeger has written.
 */
final class SpanDocuments {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private SpanDocuments() {
    }

    /**
     * The most nested objects a span document is given, below Elasticsearch's {@code index.mapping.nested_objects.limit}
     * (10,000 by default) so that a span with more tags than that is stored, not refused: the tags beyond it are kept
     * in {@link #NOT_INDEXED}, readable but not searchable.
     */
    static final int MAX_NESTED = 9_000;
    /** An object Elasticsearch keeps in the source without indexing it (mapped {@code enabled: false}). */
    static final String NOT_INDEXED = "notIndexed";
    /** The tag that tells how many tags of the span (or its process) are kept without being indexed. */
    static final String TAGS_NOT_INDEXED = "opsplane.tags_not_indexed";
    /** The tag that tells why the span is kept whole without its tags indexed (Elasticsearch refused its document). */
    static final String NOT_INDEXED_REASON = "opsplane.not_indexed";
    /** Below this many fields, names met twice are found by comparing each with the others, cheaper than a map. */
    private static final int FEW_FIELDS = 16;

    // Jaeger's field names, encoded once: they are most of what a span document is made of.
    private static final SerializableString TRACE_ID = new SerializedString("traceID");
    private static final SerializableString SPAN_ID = new SerializedString("spanID");
    private static final SerializableString PARENT_SPAN_ID = new SerializedString("parentSpanID");
    private static final SerializableString FLAGS = new SerializedString("flags");
    private static final SerializableString OPERATION_NAME = new SerializedString("operationName");
    private static final SerializableString REFERENCES = new SerializedString("references");
    private static final SerializableString REF_TYPE = new SerializedString("refType");
    private static final SerializableString TRACE_STATE = new SerializedString("traceState");
    private static final SerializableString START_TIME = new SerializedString("startTime");
    private static final SerializableString START_TIME_MILLIS = new SerializedString("startTimeMillis");
    private static final SerializableString DURATION = new SerializedString("duration");
    private static final SerializableString TAGS = new SerializedString("tags");
    private static final SerializableString TAG = new SerializedString("tag");
    private static final SerializableString LOGS = new SerializedString("logs");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString FIELDS = new SerializedString("fields");
    private static final SerializableString PROCESS = new SerializedString("process");
    private static final SerializableString SERVICE_NAME = new SerializedString("serviceName");
    private static final SerializableString SCOPE_TAGS = new SerializedString("scopeTags");
    private static final SerializableString NOT_INDEXED_FIELD = new SerializedString(NOT_INDEXED);
    private static final SerializableString PROCESS_TAGS = new SerializedString("processTags");
    private static final SerializableString SPAN = new SerializedString("span");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final Map<TagType, SerializableString> STORED_TYPES = new EnumMap<>(TagType.class);

    static {
        for (TagType type : TagType.values()) {
            STORED_TYPES.put(type, new SerializedString(type.stored()));
        }
    }

    /** A span's document as written, and whether some of its tags were kept without being indexed. */
    record Written(byte[] json, boolean partlyIndexed) {
    }

    /** As Jaeger writes by default: every tag in the nested {@code tags} lists. */
    static ObjectNode write(TraceSpan span) {
        return write(span, TagFields.NONE);
    }

    /** The document {@link #json} writes, as a tree. */
    static ObjectNode write(TraceSpan span, String tagsAsFieldsDotReplacement, Set<String> keysAsFields) {
        return write(span, TagFields.of(tagsAsFieldsDotReplacement, keysAsFields));
    }

    private static ObjectNode write(TraceSpan span, TagFields tagFields) {
        return (ObjectNode) JSON.readTree(json(span, tagFields).json());
    }

    /**
     * Which span and process tags are written as {@code tag.*} and {@code process.tag.*} object fields, as Jaeger's
     * {@code tags_as_fields.config_path} writes them: those with an allowed key, under the key with its dots replaced.
     * The field names are encoded once, not for every span.
     */
    static final class TagFields {

        static final TagFields NONE = new TagFields(Map.of());

        private final Map<String, SerializableString> names;

        private TagFields(Map<String, SerializableString> names) {
            this.names = names;
        }

        /** No tag as a field when {@code dotReplacement} is null. */
        static TagFields of(String dotReplacement, Set<String> keys) {
            if (dotReplacement == null) {
                return NONE;
            }
            Map<String, SerializableString> names = new HashMap<>();
            for (String key : keys) {
                names.put(key, new SerializedString(key.replace(".", dotReplacement)));
            }
            return new TagFields(names);
        }

        /** The field a tag is written as, or null to write it nested; binary values stay nested to keep their type. */
        SerializableString field(Tag tag) {
            return tag.type() == TagType.BINARY ? null : names.get(tag.key());
        }
    }

    /** A tag written as an object field, under its field name. */
    private record Field(SerializableString name, Tag tag) {
    }

    /**
     * One span's document. Span and process tags that {@code tagFields} names go into object fields, the others into
     * the nested lists: Elasticsearch then indexes a span as fewer documents, and the field count of an index stays
     * bounded whatever keys services invent. Jaeger Query reads and searches both forms. Streamed straight to bytes:
     * building a tree first and serialising it took a third of the OTLP receiver's CPU.
     */
    static Written json(TraceSpan span, TagFields tagFields) {
        return new Batch(tagFields).json(span);
    }

    /**
     * Writes the documents of one batch. Its spans share a few processes (one per resource), and each process's part
     * of the document is written once for all of them.
     */
    static final class Batch {

        private final TagFields tagFields;
        private final Map<Process, ProcessPart> processes = new IdentityHashMap<>();

        Batch(TagFields tagFields) {
            this.tagFields = tagFields;
        }

        Written json(TraceSpan span) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            boolean partlyIndexed;
            try (JsonGenerator json = JSON.createGenerator(out)) {
                partlyIndexed = writeDocument(json, span, tagFields, process(span.process()));
            }
            return new Written(out.toByteArray(), partlyIndexed);
        }

        private ProcessPart process(Process process) {
            return processes.computeIfAbsent(process, p -> ProcessPart.of(p, tagFields));
        }
    }

    /** A process's tags as they are written, and its whole part of the document ({@code "process":{…}}'s value). */
    private record ProcessPart(List<Tag> nested, List<Field> fields, SerializableString json) {

        static ProcessPart of(Process process, TagFields tagFields) {
            List<Tag> nested = new ArrayList<>(process.tags().size());
            List<Field> fields = new ArrayList<>();
            split(process.tags(), tagFields, nested, fields);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                writeProcess(json, process.serviceName(), nested, fields);
            }
            return new ProcessPart(nested, fields, new SerializedString(out.toString(StandardCharsets.UTF_8)));
        }
    }

    private static void writeProcess(JsonGenerator json, String serviceName, List<Tag> nested, List<Field> fields) {
        json.writeStartObject();
        json.writeName(SERVICE_NAME);
        json.writeString(serviceName);
        writeTags(json, TAGS, nested);
        writeTagFields(json, fields);
        json.writeEndObject();
    }

    private static boolean writeDocument(JsonGenerator json, TraceSpan span, TagFields tagFields, ProcessPart process) {
        List<Tag> spanNested = new ArrayList<>(span.tags().size());
        List<Field> spanFields = new ArrayList<>();
        split(span.tags(), tagFields, spanNested, spanFields);
        List<Tag> processNested = process.nested();
        List<Tag> spanOver = List.of();
        List<Tag> processOver = List.of();
        int budget = MAX_NESTED - fixedNested(span);
        if (spanNested.size() + processNested.size() > budget) {
            // one place kept for the tag that says so
            int spanKept = Math.clamp(budget - 1, 0, spanNested.size());
            int processKept = Math.clamp(budget - 1 - spanKept, 0, processNested.size());
            spanOver = spanNested.subList(spanKept, spanNested.size());
            processOver = processNested.subList(processKept, processNested.size());
            spanNested = new ArrayList<>(spanNested.subList(0, spanKept));
            spanNested.add(new Tag(TAGS_NOT_INDEXED, TagType.INT64, (long) (spanOver.size() + processOver.size())));
            processNested = processNested.subList(0, processKept);
        }
        json.writeStartObject();
        writeCore(json, span, true);
        if (span.tags().isEmpty()) {
            json.writeName(TAGS);
            json.writeNull();
        } else {
            writeTags(json, TAGS, spanNested);
            writeTagFields(json, spanFields);
        }
        writeObjectsOrNull(json, LOGS, span.logs(), log -> {
            json.writeName(TIMESTAMP);
            json.writeNumber(log.timestampMicros());
            writeTags(json, FIELDS, log.fields());
        });
        json.writeName(PROCESS);
        if (processNested == process.nested()) {
            json.writeRawValue(process.json());
        } else {
            writeProcess(json, span.process().serviceName(), processNested, process.fields());
        }
        if (!span.scopeTags().isEmpty()) {
            writeTags(json, SCOPE_TAGS, span.scopeTags());
        }
        boolean partlyIndexed = !spanOver.isEmpty() || !processOver.isEmpty();
        if (partlyIndexed) {
            json.writeName(NOT_INDEXED_FIELD);
            json.writeStartObject();
            writeTags(json, TAGS, spanOver);
            writeTags(json, PROCESS_TAGS, processOver);
            json.writeEndObject();
        }
        json.writeEndObject();
        return partlyIndexed;
    }

    /**
     * A span whose document Elasticsearch refused, stored anyway: found by its ids, service, operation, time and
     * duration, with the reason as a tag; the whole span is kept in {@link #NOT_INDEXED} and read back as it was.
     */
    static byte[] unindexed(TraceSpan span, String reason) {
        // short enough to be indexed itself (values are keywords up to 256 characters)
        String shortReason = reason.length() > 200 ? reason.substring(0, 199) + "…" : reason;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            writeCore(json, span, false);
            writeTags(json, TAGS, List.of(Tag.string(NOT_INDEXED_REASON, shortReason)));
            json.writeName(LOGS);
            json.writeNull();
            json.writeName(PROCESS);
            json.writeStartObject();
            json.writeName(SERVICE_NAME);
            json.writeString(span.process().serviceName());
            writeTags(json, TAGS, List.of());
            json.writeEndObject();
            json.writeName(NOT_INDEXED_FIELD);
            json.writeStartObject();
            json.writeName(SPAN);
            writeDocument(json, span, TagFields.NONE, ProcessPart.of(span.process(), TagFields.NONE));
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Ids, names, references and times: what every form of the document has. */
    private static void writeCore(JsonGenerator json, TraceSpan span, boolean referenceTags) {
        writeString(json, TRACE_ID, span.traceId());
        writeString(json, SPAN_ID, span.spanId());
        writeIfSet(json, PARENT_SPAN_ID, span.parentSpanId());
        writeIfSet(json, FLAGS, span.flags());
        writeString(json, OPERATION_NAME, span.operationName());
        writeObjectsOrNull(json, REFERENCES, span.references(), ref -> {
            writeString(json, REF_TYPE, ref.refType());
            writeString(json, TRACE_ID, ref.traceId());
            writeString(json, SPAN_ID, ref.spanId());
            writeIfSet(json, TRACE_STATE, ref.traceState());
            writeIfSet(json, FLAGS, ref.flags());
            if (referenceTags && !ref.tags().isEmpty()) {
                writeTags(json, TAGS, ref.tags());
            }
        });
        writeNumber(json, START_TIME, span.startMicros());
        writeNumber(json, START_TIME_MILLIS, span.startMicros() / 1000);
        writeNumber(json, DURATION, span.durationMicros());
    }

    private static void writeString(JsonGenerator json, SerializableString field, String value) {
        json.writeName(field);
        json.writeString(value);
    }

    private static void writeNumber(JsonGenerator json, SerializableString field, long value) {
        json.writeName(field);
        json.writeNumber(value);
    }

    /** Optional values are left out of the document when empty, as Jaeger leaves them out. */
    private static void writeIfSet(JsonGenerator json, SerializableString field, String value) {
        if (value != null && !value.isEmpty()) {
            writeString(json, field, value);
        }
    }

    private static void writeIfSet(JsonGenerator json, SerializableString field, long value) {
        if (value != 0) {
            writeNumber(json, field, value);
        }
    }

    /** Nested objects the document has besides span and process tags: logs and their fields, links and theirs, scope tags. */
    private static int fixedNested(TraceSpan span) {
        int count = span.scopeTags().size();
        for (Log log : span.logs()) {
            count += 1 + log.fields().size();
        }
        for (Ref ref : span.references()) {
            count += 1 + ref.tags().size();
        }
        return count;
    }

    /** An array of one object per item, each written by {@code write}; Jaeger's documents hold null where there are none. */
    private static <T> void writeObjectsOrNull(JsonGenerator json, SerializableString field, List<T> items,
                                               Consumer<T> write) {
        json.writeName(field);
        if (items.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (T item : items) {
            json.writeStartObject();
            write.accept(item);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeTags(JsonGenerator json, SerializableString field, List<Tag> tags) {
        json.writeName(field);
        json.writeStartArray();
        for (Tag tag : tags) {
            json.writeStartObject();
            writeString(json, KEY, tag.key());
            json.writeName(TYPE);
            json.writeString(STORED_TYPES.get(tag.type()));
            json.writeName(VALUE);
            writeValue(json, tag);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The tag's value as its type stores it; an INT64 that is no long (too big) as text. */
    private static void writeValue(JsonGenerator json, Tag tag) {
        Object value = tag.value();
        switch (tag.type()) {
            case BOOL -> {
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeBoolean((Boolean) value);
                }
            }
            case INT64 -> {
                if (value instanceof Long l) {
                    json.writeNumber(l);
                } else {
                    json.writeString(String.valueOf(value));
                }
            }
            case FLOAT64 -> {
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeNumber((Double) value);
                }
            }
            default -> json.writeString(String.valueOf(value));
        }
    }

    private static void split(List<Tag> tags, TagFields tagFields, List<Tag> nested, List<Field> fields) {
        for (Tag tag : tags) {
            SerializableString field = tagFields.field(tag);
            if (field != null) {
                fields.add(new Field(field, tag));
            } else {
                nested.add(tag);
            }
        }
    }

    private static void writeTagFields(JsonGenerator json, List<Field> fields) {
        if (fields.isEmpty()) {
            return;
        }
        json.writeName(TAG);
        json.writeStartObject();
        // keys that meet once their dots are replaced, or a key given twice, are one field: first place, last value
        if (fields.size() <= FEW_FIELDS) {
            for (int i = 0; i < fields.size(); i++) {
                SerializableString name = fields.get(i).name();
                if (firstPlace(fields, name) == i) {
                    json.writeName(name);
                    writeValue(json, fields.get(lastPlace(fields, name)).tag());
                }
            }
        } else {
            Map<SerializableString, Tag> byField = new LinkedHashMap<>();
            for (Field field : fields) {
                byField.put(field.name(), field.tag());
            }
            for (Map.Entry<SerializableString, Tag> field : byField.entrySet()) {
                json.writeName(field.getKey());
                writeValue(json, field.getValue());
            }
        }
        json.writeEndObject();
    }

    private static int firstPlace(List<Field> fields, SerializableString name) {
        int i = 0;
        while (!fields.get(i).name().equals(name)) {
            i++;
        }
        return i;
    }

    private static int lastPlace(List<Field> fields, SerializableString name) {
        int i = fields.size() - 1;
        while (!fields.get(i).name().equals(name)) {
            i--;
        }
        return i;
    }
}
