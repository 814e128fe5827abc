package io.opsplane.console.telemetry.trace.store;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jaeger's span document ({@code dbmodel.Span}) both ways. Written as Jaeger v2 writes it (typed tag
 * values, parent both as {@code parentSpanID} and as the first CHILD_OF reference); read in every form
 * Jaeger has written: typed or string values, tags nested or as {@code tag.*} object fields.
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

    /** A span's document as written, and whether some of its tags were kept without being indexed. */
    record Written(byte[] json, boolean partlyIndexed) {
    }

    /** As Jaeger writes by default: every tag in the nested {@code tags} lists. */
    static ObjectNode write(TraceSpan span) {
        return write(span, null, Set.of());
    }

    /** The document {@link #json} writes, as a tree. */
    static ObjectNode write(TraceSpan span, String tagsAsFieldsDotReplacement, Set<String> keysAsFields) {
        return (ObjectNode) JSON.readTree(json(span, tagsAsFieldsDotReplacement, keysAsFields).json());
    }

    /**
     * With a {@code dotReplacement}, span and process tags with a key of {@code keysAsFields} go into {@code tag.*}
     * and {@code process.tag.*} object fields, as Jaeger's {@code tags_as_fields.config_path} writes them, the others
     * into the nested lists: Elasticsearch then indexes a span as fewer documents, and the field count of an index
     * stays bounded whatever keys services invent. Jaeger Query reads and searches both forms. Streamed straight to
     * bytes: building a tree first and serialising it took a third of the OTLP receiver's CPU.
     */
    static Written json(TraceSpan span, String tagsAsFieldsDotReplacement, Set<String> keysAsFields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        boolean partlyIndexed;
        try (JsonGenerator json = JSON.createGenerator(out)) {
            partlyIndexed = writeDocument(json, span, tagsAsFieldsDotReplacement, keysAsFields);
        }
        return new Written(out.toByteArray(), partlyIndexed);
    }

    private static boolean writeDocument(JsonGenerator json, TraceSpan span, String tagsAsFieldsDotReplacement,
                                         Set<String> keysAsFields) {
        boolean asFields = tagsAsFieldsDotReplacement != null;
        List<Tag> spanNested = new ArrayList<>(span.tags().size());
        List<Tag> spanFields = new ArrayList<>();
        split(span.tags(), asFields, keysAsFields, spanNested, spanFields);
        List<Tag> processNested = new ArrayList<>(span.process().tags().size());
        List<Tag> processFields = new ArrayList<>();
        split(span.process().tags(), asFields, keysAsFields, processNested, processFields);
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
            json.writeNullProperty("tags");
        } else {
            writeTags(json, "tags", spanNested);
            writeTagFields(json, "tag", spanFields, tagsAsFieldsDotReplacement);
        }
        writeObjectsOrNull(json, "logs", span.logs(), log -> {
            json.writeNumberProperty("timestamp", log.timestampMicros());
            writeTags(json, "fields", log.fields());
        });
        json.writeObjectPropertyStart("process");
        json.writeStringProperty("serviceName", span.process().serviceName());
        writeTags(json, "tags", processNested);
        writeTagFields(json, "tag", processFields, tagsAsFieldsDotReplacement);
        json.writeEndObject();
        if (!span.scopeTags().isEmpty()) {
            writeTags(json, "scopeTags", span.scopeTags());
        }
        boolean partlyIndexed = !spanOver.isEmpty() || !processOver.isEmpty();
        if (partlyIndexed) {
            json.writeObjectPropertyStart(NOT_INDEXED);
            writeTags(json, "tags", spanOver);
            writeTags(json, "processTags", processOver);
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
            writeTags(json, "tags", List.of(Tag.string(NOT_INDEXED_REASON, shortReason)));
            json.writeNullProperty("logs");
            json.writeObjectPropertyStart("process");
            json.writeStringProperty("serviceName", span.process().serviceName());
            json.writeArrayPropertyStart("tags");
            json.writeEndArray();
            json.writeEndObject();
            json.writeObjectPropertyStart(NOT_INDEXED);
            json.writeName("span");
            writeDocument(json, span, null, Set.of());
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Ids, names, references and times: what every form of the document has. */
    private static void writeCore(JsonGenerator json, TraceSpan span, boolean referenceTags) {
        json.writeStringProperty("traceID", span.traceId());
        json.writeStringProperty("spanID", span.spanId());
        writeIfSet(json, "parentSpanID", span.parentSpanId());
        writeIfSet(json, "flags", span.flags());
        json.writeStringProperty("operationName", span.operationName());
        writeObjectsOrNull(json, "references", span.references(), ref -> {
            json.writeStringProperty("refType", ref.refType());
            json.writeStringProperty("traceID", ref.traceId());
            json.writeStringProperty("spanID", ref.spanId());
            writeIfSet(json, "traceState", ref.traceState());
            writeIfSet(json, "flags", ref.flags());
            if (referenceTags && !ref.tags().isEmpty()) {
                writeTags(json, "tags", ref.tags());
            }
        });
        json.writeNumberProperty("startTime", span.startMicros());
        json.writeNumberProperty("startTimeMillis", span.startMicros() / 1000);
        json.writeNumberProperty("duration", span.durationMicros());
    }

    /** Optional values are left out of the document when empty, as Jaeger leaves them out. */
    private static void writeIfSet(JsonGenerator json, String field, String value) {
        if (value != null && !value.isEmpty()) {
            json.writeStringProperty(field, value);
        }
    }

    private static void writeIfSet(JsonGenerator json, String field, long value) {
        if (value != 0) {
            json.writeNumberProperty(field, value);
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
    private static <T> void writeObjectsOrNull(JsonGenerator json, String field, List<T> items, Consumer<T> write) {
        if (items.isEmpty()) {
            json.writeNullProperty(field);
            return;
        }
        json.writeArrayPropertyStart(field);
        for (T item : items) {
            json.writeStartObject();
            write.accept(item);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeTags(JsonGenerator json, String field, List<Tag> tags) {
        json.writeArrayPropertyStart(field);
        for (Tag tag : tags) {
            json.writeStartObject();
            json.writeStringProperty("key", tag.key());
            json.writeStringProperty("type", tag.type().stored());
            json.writeName("value");
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

    /**
     * Tags as fields are those with an allowed key, unless binary (a field would lose the type); the others are
     * written nested. Without tags as fields, every tag is nested.
     */
    private static void split(List<Tag> tags, boolean asFields, Set<String> keysAsFields, List<Tag> nested,
                              List<Tag> fields) {
        for (Tag tag : tags) {
            if (asFields && tag.type() != TagType.BINARY && keysAsFields.contains(tag.key())) {
                fields.add(tag);
            } else {
                nested.add(tag);
            }
        }
    }

    private static void writeTagFields(JsonGenerator json, String name, List<Tag> tags, String dotReplacement) {
        if (tags.isEmpty()) {
            return;
        }
        // keys that meet once their dots are replaced are one field: its first place, its last value
        Map<String, Tag> byField = new LinkedHashMap<>();
        for (Tag tag : tags) {
            byField.put(tag.key().replace(".", dotReplacement), tag);
        }
        json.writeObjectPropertyStart(name);
        for (Map.Entry<String, Tag> field : byField.entrySet()) {
            json.writeName(field.getKey());
            writeValue(json, field.getValue());
        }
        json.writeEndObject();
    }

    static TraceSpan read(JsonNode doc, String dotReplacement) {
        JsonNode notIndexed = doc.path(NOT_INDEXED);
        if (notIndexed.path("span").isObject()) {
            // refused as it was: the span whole, with the tag that says why
            TraceSpan whole = read(notIndexed.path("span"), dotReplacement);
            List<Tag> tags = new ArrayList<>(whole.tags());
            tags.addAll(readTags(doc.path("tags"), null, dotReplacement));
            return new TraceSpan(whole.traceId(), whole.spanId(), whole.parentSpanId(), whole.flags(),
                    whole.operationName(), whole.references(), whole.startMicros(), whole.durationMicros(), tags,
                    whole.logs(), whole.process(), whole.scopeTags());
        }
        List<Ref> refs = new ArrayList<>();
        for (JsonNode r : doc.path("references")) {
            refs.add(new Ref(r.path("refType").asString("CHILD_OF"), r.path("traceID").asString(),
                    r.path("spanID").asString(), emptyToNull(r.path("traceState").asString(null)),
                    r.path("flags").asLong(0), readTags(r.path("tags"), null, dotReplacement)));
        }
        List<Log> logs = new ArrayList<>();
        for (JsonNode l : doc.path("logs")) {
            logs.add(new Log(l.path("timestamp").asLong(), readTags(l.path("fields"), null, dotReplacement)));
        }
        JsonNode process = doc.path("process");
        return new TraceSpan(doc.path("traceID").asString(), doc.path("spanID").asString(),
                emptyToNull(doc.path("parentSpanID").asString(null)), doc.path("flags").asLong(0),
                doc.path("operationName").asString(""), refs, doc.path("startTime").asLong(),
                doc.path("duration").asLong(), withNotIndexed(readTags(doc.path("tags"), doc.path("tag"), dotReplacement),
                        notIndexed.path("tags"), dotReplacement), logs,
                new Process(process.path("serviceName").asString(""), withNotIndexed(readTags(process.path("tags"),
                        process.path("tag"), dotReplacement), notIndexed.path("processTags"), dotReplacement)),
                readTags(doc.path("scopeTags"), doc.path("scopeTag"), dotReplacement));
    }

    private static List<Tag> withNotIndexed(List<Tag> tags, JsonNode notIndexed, String dotReplacement) {
        if (notIndexed.isArray()) {
            tags.addAll(readTags(notIndexed, null, dotReplacement));
        }
        return tags;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<Tag> readTags(JsonNode nested, JsonNode object, String dotReplacement) {
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : nested) {
            JsonNode type = t.get("type");
            tags.add(type == null || type.isNull() ? untyped(t.path("key").asString(), t.path("value"))
                    : typed(t.path("key").asString(), TagType.ofStored(type.asString()), t.path("value")));
        }
        if (object != null && object.isObject()) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = dotReplacement.isEmpty() ? field.getKey()
                        : field.getKey().replace(dotReplacement, ".");
                tags.add(untyped(key, field.getValue()));
            }
        }
        return tags;
    }

    private static Tag typed(String key, TagType type, JsonNode value) {
        try {
            return switch (type) {
                case BOOL -> new Tag(key, type, value.isBoolean() ? value.booleanValue()
                        : Boolean.parseBoolean(value.asString()));
                case INT64 -> new Tag(key, type, value.isIntegralNumber() && value.canConvertToLong()
                        ? value.longValue() : Long.parseLong(value.asString()));
                case FLOAT64 -> new Tag(key, type, value.isNumber() ? value.doubleValue()
                        : Double.parseDouble(value.asString()));
                default -> new Tag(key, type, value.isString() ? value.stringValue() : value.toString());
            };
        } catch (NumberFormatException e) {
            // kept as written rather than lost: a value its type does not fit
            return Tag.string(key, value.asString());
        }
    }

    private static Tag untyped(String key, JsonNode value) {
        if (value.isBoolean()) {
            return new Tag(key, TagType.BOOL, value.booleanValue());
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return new Tag(key, TagType.INT64, value.longValue());
        }
        if (value.isNumber()) {
            return new Tag(key, TagType.FLOAT64, value.doubleValue());
        }
        return Tag.string(key, value.isString() ? value.stringValue() : value.toString());
    }
}
