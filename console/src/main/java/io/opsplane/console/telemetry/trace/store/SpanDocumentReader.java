package io.opsplane.console.telemetry.trace.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.opsplane.console.telemetry.es.JsonValues;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Log;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan.TagType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads a span document ({@code dbmodel.Span}) as it is parsed, in every form Jaeger has written: typed or string
 * values, tags nested or as {@code tag.*} object fields, and what Opsplane kept {@linkplain SpanDocuments#NOT_INDEXED
 * unindexed}. A search answer of many spans is read without a tree of it. Each value is read as a tree of the
 * document would give it: a field of an unexpected shape is read as absent or converted as {@link JsonNode} converts
 * it, and an array of tags given as an object yields its values.
 * A stored document is untrusted: a value of the wrong kind reads as empty (text) or 0 (a number), never as an error.
 */
final class SpanDocumentReader {

    private static final JsonNode ABSENT = MissingNode.getInstance();

    private SpanDocumentReader() {
    }

    /** The span of the document at the parser's current token, which is left at the document's last token. */
    static TraceSpan read(JsonParser p, String dotReplacement) {
        Document doc = new Document(dotReplacement);
        forEachField(p, name -> doc.field(name, p));
        return doc.span();
    }

    /** The parts of one document, as its fields arrive in any order. */
    private static final class Document {
        private final String dot;
        private JsonNode traceId = ABSENT;
        private JsonNode spanId = ABSENT;
        private JsonNode parentSpanId = ABSENT;
        private JsonNode flags = ABSENT;
        private JsonNode operationName = ABSENT;
        private JsonNode startTime = ABSENT;
        private JsonNode duration = ABSENT;
        private List<Ref> references = List.of();
        private List<Tag> tags = List.of();
        private List<Tag> tagFields = List.of();
        private List<Log> logs = List.of();
        private JsonNode serviceName = ABSENT;
        private List<Tag> processTags = List.of();
        private List<Tag> processTagFields = List.of();
        private List<Tag> scopeTags = List.of();
        private List<Tag> scopeTagFields = List.of();
        private TraceSpan notIndexedSpan;
        private List<Tag> notIndexedTags = List.of();
        private List<Tag> notIndexedProcessTags = List.of();

        Document(String dot) {
            this.dot = dot;
        }

        void field(String name, JsonParser p) {
            switch (name) {
                case "traceID" -> traceId = value(p);
                case "spanID" -> spanId = value(p);
                case "parentSpanID" -> parentSpanId = value(p);
                case "flags" -> flags = value(p);
                case "operationName" -> operationName = value(p);
                case "startTime" -> startTime = value(p);
                case "duration" -> duration = value(p);
                case "references" -> references = references(p);
                case "tags" -> tags = nestedTags(p);
                case "tag" -> tagFields = tagFields(p);
                case "logs" -> logs = logs(p);
                case "process" -> process(p);
                case "scopeTags" -> scopeTags = nestedTags(p);
                case "scopeTag" -> scopeTagFields = tagFields(p);
                case SpanDocuments.NOT_INDEXED -> notIndexed(p);
                default -> p.skipChildren();
            }
        }

        private void process(JsonParser p) {
            serviceName = ABSENT;
            processTags = List.of();
            processTagFields = List.of();
            forEachField(p, field -> {
                switch (field) {
                    case "serviceName" -> serviceName = value(p);
                    case "tags" -> processTags = nestedTags(p);
                    case "tag" -> processTagFields = tagFields(p);
                    default -> p.skipChildren();
                }
            });
        }

        /** What Opsplane kept unindexed: the whole span Elasticsearch refused, or the tags beyond the limit. */
        private void notIndexed(JsonParser p) {
            notIndexedSpan = null;
            notIndexedTags = List.of();
            notIndexedProcessTags = List.of();
            forEachField(p, field -> {
                switch (field) {
                    case "span" -> notIndexedSpan = p.currentToken() == JsonToken.START_OBJECT
                            ? read(p, dot) : skipped(p);
                    case "tags" -> notIndexedTags = p.currentToken() == JsonToken.START_ARRAY
                            ? nestedTags(p) : skippedTags(p);
                    case "processTags" -> notIndexedProcessTags = p.currentToken() == JsonToken.START_ARRAY
                            ? nestedTags(p) : skippedTags(p);
                    default -> p.skipChildren();
                }
            });
        }

        TraceSpan span() {
            if (notIndexedSpan != null) {
                // refused as it was: the span whole, with the tag that says why
                TraceSpan whole = notIndexedSpan;
                List<Tag> withWhy = new ArrayList<>(whole.tags());
                withWhy.addAll(tags);
                return new TraceSpan(whole.traceId(), whole.spanId(), whole.parentSpanId(), whole.flags(),
                        whole.operationName(), whole.references(), whole.startMicros(), whole.durationMicros(),
                        withWhy, whole.logs(), whole.process(), whole.scopeTags());
            }
            return new TraceSpan(traceId.asString(""), spanId.asString(""), emptyToNull(parentSpanId.asString(null)),
                    flags.asLong(0), operationName.asString(""), references, startTime.asLong(0), duration.asLong(0),
                    joined(tags, tagFields, notIndexedTags), logs,
                    new Process(serviceName.asString(""), joined(processTags, processTagFields,
                            notIndexedProcessTags)), joined(scopeTags, scopeTagFields, List.of()));
        }

        private List<Tag> tagFields(JsonParser p) {
            List<Tag> fields = new ArrayList<>();
            forEachField(p, name -> fields.add(untyped(dot.isEmpty() ? name : name.replace(dot, "."),
                    value(p))));
            return fields;
        }
    }

    private static List<Ref> references(JsonParser p) {
        List<Ref> refs = new ArrayList<>();
        forEachValue(p, () -> {
            RefFields ref = new RefFields();
            forEachField(p, name -> ref.field(name, p));
            refs.add(new Ref(ref.refType.asString("CHILD_OF"), ref.traceId.asString(""), ref.spanId.asString(""),
                    emptyToNull(ref.traceState.asString(null)), ref.flags.asLong(0), ref.tags));
        });
        return refs;
    }

    /** A reference's fields, as they arrive. */
    private static final class RefFields {
        private JsonNode refType = ABSENT;
        private JsonNode traceId = ABSENT;
        private JsonNode spanId = ABSENT;
        private JsonNode traceState = ABSENT;
        private JsonNode flags = ABSENT;
        private List<Tag> tags = List.of();

        void field(String name, JsonParser p) {
            switch (name) {
                case "refType" -> refType = value(p);
                case "traceID" -> traceId = value(p);
                case "spanID" -> spanId = value(p);
                case "traceState" -> traceState = value(p);
                case "flags" -> flags = value(p);
                case "tags" -> tags = nestedTags(p);
                default -> p.skipChildren();
            }
        }
    }

    private static List<Log> logs(JsonParser p) {
        List<Log> logs = new ArrayList<>();
        forEachValue(p, () -> {
            LogFields log = new LogFields();
            forEachField(p, name -> log.field(name, p));
            logs.add(new Log(log.timestamp.asLong(0), log.fields));
        });
        return logs;
    }

    /** A log's fields, as they arrive. */
    private static final class LogFields {
        private JsonNode timestamp = ABSENT;
        private List<Tag> fields = List.of();

        void field(String name, JsonParser p) {
            switch (name) {
                case "timestamp" -> timestamp = value(p);
                case "fields" -> fields = nestedTags(p);
                default -> p.skipChildren();
            }
        }
    }

    /** Key-value tags, each typed ({@code type} given) or not. */
    private static List<Tag> nestedTags(JsonParser p) {
        List<Tag> tags = new ArrayList<>();
        forEachValue(p, () -> {
            TagParts tag = new TagParts();
            forEachField(p, name -> tag.field(name, p));
            String key = tag.key.asString("");
            tags.add(tag.type == null || tag.type.isNull() ? untyped(key, tag.value)
                    : typed(key, TagType.ofStored(tag.type.asString("")), tag.value));
        });
        return tags;
    }

    /** A nested tag's key, type (null when not given) and value, as they arrive. */
    private static final class TagParts {
        private JsonNode key = ABSENT;
        private JsonNode type;
        private JsonNode value = ABSENT;

        void field(String name, JsonParser p) {
            switch (name) {
                case "key" -> key = value(p);
                case "type" -> type = value(p);
                case "value" -> value = value(p);
                default -> p.skipChildren();
            }
        }
    }

    /** A tag of the type given; a value its type does not fit is kept as written rather than lost. */
    private static Tag typed(String key, TagType type, JsonNode value) {
        String written = value.isContainer() ? value.toString() : value.asString("");
        try {
            return switch (type) {
                case BOOL -> new Tag(key, type, value.isBoolean() ? value.booleanValue()
                        : Boolean.parseBoolean(written));
                case INT64 -> new Tag(key, type, value.isIntegralNumber() && value.canConvertToLong()
                        ? value.longValue() : Long.parseLong(written));
                case FLOAT64 -> new Tag(key, type, value.isNumber() ? value.doubleValue()
                        : Double.parseDouble(written));
                default -> new Tag(key, type, value.isString() ? value.stringValue() : value.toString());
            };
        } catch (NumberFormatException e) {
            return Tag.string(key, written);
        }
    }

    /** A tag whose type is the JSON value's own. */
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

    private static List<Tag> joined(List<Tag> nested, List<Tag> fields, List<Tag> notIndexed) {
        if (fields.isEmpty() && notIndexed.isEmpty()) {
            return nested;
        }
        List<Tag> all = new ArrayList<>(nested.size() + fields.size() + notIndexed.size());
        all.addAll(nested);
        all.addAll(fields);
        all.addAll(notIndexed);
        return all;
    }

    /** Calls {@code field} with each field's name, the parser at its value; a value that is no object has none. */
    private static void forEachField(JsonParser p, Consumer<String> field) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            field.accept(name);
        }
    }

    /** Calls {@code value} with the parser at each value of an array, or of an object, as a tree iterates them. */
    private static void forEachValue(JsonParser p, Runnable value) {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value.run();
            }
        } else {
            forEachField(p, name -> value.run());
        }
    }

    private static JsonNode value(JsonParser p) {
        return JsonValues.node(p);
    }

    private static TraceSpan skipped(JsonParser p) {
        p.skipChildren();
        return null;
    }

    private static List<Tag> skippedTags(JsonParser p) {
        p.skipChildren();
        return List.of();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
