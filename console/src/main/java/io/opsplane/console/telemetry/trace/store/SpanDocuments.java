package io.opsplane.console.telemetry.trace.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan.TagType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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

    /** As Jaeger writes by default: every tag in the nested {@code tags} lists. */
    static ObjectNode write(TraceSpan span) {
        return write(span, null, Set.of());
    }

    /**
     * With a {@code dotReplacement}, span and process tags with a key of {@code keysAsFields} go into {@code tag.*}
     * and {@code process.tag.*} object fields, as Jaeger's {@code tags_as_fields.config_path} writes them, the others
     * into the nested lists: Elasticsearch then indexes a span as fewer documents, and the field count of an index
     * stays bounded whatever keys services invent. Jaeger Query reads and searches both forms.
     */
    static ObjectNode write(TraceSpan span, String tagsAsFieldsDotReplacement, Set<String> keysAsFields) {
        boolean asFields = tagsAsFieldsDotReplacement != null;
        ObjectNode doc = core(span, true);
        List<Tag> spanNested = asFields ? nested(span.tags(), keysAsFields) : span.tags();
        List<Tag> processNested = asFields ? nested(span.process().tags(), keysAsFields) : span.process().tags();
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
        if (span.tags().isEmpty()) {
            doc.putNull("tags");
        } else {
            writeTags(doc.putArray("tags"), spanNested);
            if (asFields) {
                writeTagFields(doc, "tag", fields(span.tags(), keysAsFields), tagsAsFieldsDotReplacement);
            }
        }
        putObjectsOrNull(doc, "logs", span.logs(), (l, log) -> {
            l.put("timestamp", log.timestampMicros());
            writeTags(l.putArray("fields"), log.fields());
        });
        ObjectNode process = doc.putObject("process");
        process.put("serviceName", span.process().serviceName());
        writeTags(process.putArray("tags"), processNested);
        if (asFields) {
            writeTagFields(process, "tag", fields(span.process().tags(), keysAsFields), tagsAsFieldsDotReplacement);
        }
        if (!span.scopeTags().isEmpty()) {
            writeTags(doc.putArray("scopeTags"), span.scopeTags());
        }
        if (!spanOver.isEmpty() || !processOver.isEmpty()) {
            ObjectNode notIndexed = doc.putObject(NOT_INDEXED);
            writeTags(notIndexed.putArray("tags"), spanOver);
            writeTags(notIndexed.putArray("processTags"), processOver);
        }
        return doc;
    }

    /**
     * A span whose document Elasticsearch refused, stored anyway: found by its ids, service, operation, time and
     * duration, with the reason as a tag; the whole span is kept in {@link #NOT_INDEXED} and read back as it was.
     */
    static ObjectNode unindexed(TraceSpan span, String reason) {
        ObjectNode doc = core(span, false);
        // short enough to be indexed itself (values are keywords up to 256 characters)
        String shortReason = reason.length() > 200 ? reason.substring(0, 199) + "…" : reason;
        writeTags(doc.putArray("tags"), List.of(Tag.string(NOT_INDEXED_REASON, shortReason)));
        doc.putNull("logs");
        ObjectNode process = doc.putObject("process");
        process.put("serviceName", span.process().serviceName());
        process.putArray("tags");
        doc.putObject(NOT_INDEXED).set("span", write(span));
        return doc;
    }

    /** Ids, names, references and times: what every form of the document has. */
    private static ObjectNode core(TraceSpan span, boolean referenceTags) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("traceID", span.traceId());
        doc.put("spanID", span.spanId());
        putIfSet(doc, "parentSpanID", span.parentSpanId());
        putIfSet(doc, "flags", span.flags());
        doc.put("operationName", span.operationName());
        putObjectsOrNull(doc, "references", span.references(), (r, ref) -> {
            r.put("refType", ref.refType());
            r.put("traceID", ref.traceId());
            r.put("spanID", ref.spanId());
            putIfSet(r, "traceState", ref.traceState());
            putIfSet(r, "flags", ref.flags());
            if (referenceTags && !ref.tags().isEmpty()) {
                writeTags(r.putArray("tags"), ref.tags());
            }
        });
        doc.put("startTime", span.startMicros());
        doc.put("startTimeMillis", span.startMicros() / 1000);
        doc.put("duration", span.durationMicros());
        return doc;
    }

    /** Optional values are left out of the document when empty, as Jaeger leaves them out. */
    private static void putIfSet(ObjectNode doc, String field, String value) {
        if (value != null && !value.isEmpty()) {
            doc.put(field, value);
        }
    }

    private static void putIfSet(ObjectNode doc, String field, long value) {
        if (value != 0) {
            doc.put(field, value);
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
    private static <T> void putObjectsOrNull(ObjectNode doc, String field, List<T> items,
                                             BiConsumer<ObjectNode, T> write) {
        if (items.isEmpty()) {
            doc.putNull(field);
            return;
        }
        ArrayNode array = doc.putArray(field);
        for (T item : items) {
            write.accept(array.addObject(), item);
        }
    }

    private static void writeTags(ArrayNode array, List<Tag> tags) {
        for (Tag tag : tags) {
            ObjectNode t = array.addObject();
            t.put("key", tag.key());
            t.put("type", tag.type().stored());
            putValue(t, "value", tag);
        }
    }

    /** The tag's value as its type stores it; an INT64 that is no long (too big) as text. */
    private static void putValue(ObjectNode node, String field, Tag tag) {
        switch (tag.type()) {
            case BOOL -> node.put(field, (Boolean) tag.value());
            case INT64 -> {
                if (tag.value() instanceof Long l) {
                    node.put(field, l);
                } else {
                    node.put(field, String.valueOf(tag.value()));
                }
            }
            case FLOAT64 -> node.put(field, (Double) tag.value());
            default -> node.put(field, String.valueOf(tag.value()));
        }
    }

    /** Tags written nested with tags as fields: keys not allowed as fields, and binary values, whose type a field would lose. */
    private static List<Tag> nested(List<Tag> tags, Set<String> keysAsFields) {
        return tags.stream().filter(t -> !asField(t, keysAsFields)).toList();
    }

    private static List<Tag> fields(List<Tag> tags, Set<String> keysAsFields) {
        return tags.stream().filter(t -> asField(t, keysAsFields)).toList();
    }

    private static boolean asField(Tag tag, Set<String> keysAsFields) {
        return tag.type() != TagType.BINARY && keysAsFields.contains(tag.key());
    }

    private static void writeTagFields(ObjectNode parent, String name, List<Tag> tags, String dotReplacement) {
        if (tags.isEmpty()) {
            return;
        }
        ObjectNode fields = parent.putObject(name);
        for (Tag tag : tags) {
            putValue(fields, tag.key().replace(".", dotReplacement), tag);
        }
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
