package io.opsplane.console.telemetry.trace.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** As Jaeger writes by default: every tag in the nested {@code tags} lists. */
    static ObjectNode write(TraceSpan span) {
        return write(span, null);
    }

    /**
     * With a {@code dotReplacement}, span and process tags go into {@code tag.*} and {@code process.tag.*}
     * object fields as Jaeger's {@code tags_as_fields.all} writes them: Elasticsearch then indexes a span as
     * one document instead of one per tag, and Jaeger Query reads and searches both forms.
     */
    static ObjectNode write(TraceSpan span, String tagsAsFieldsDotReplacement) {
        boolean asFields = tagsAsFieldsDotReplacement != null;
        ObjectNode doc = JSON.createObjectNode();
        doc.put("traceID", span.traceId());
        doc.put("spanID", span.spanId());
        if (span.parentSpanId() != null && !span.parentSpanId().isEmpty()) {
            doc.put("parentSpanID", span.parentSpanId());
        }
        if (span.flags() != 0) {
            doc.put("flags", span.flags());
        }
        doc.put("operationName", span.operationName());
        if (span.references().isEmpty()) {
            doc.putNull("references");
        } else {
            ArrayNode refs = doc.putArray("references");
            for (Ref ref : span.references()) {
                ObjectNode r = refs.addObject();
                r.put("refType", ref.refType());
                r.put("traceID", ref.traceId());
                r.put("spanID", ref.spanId());
                if (ref.traceState() != null && !ref.traceState().isEmpty()) {
                    r.put("traceState", ref.traceState());
                }
                if (ref.flags() != 0) {
                    r.put("flags", ref.flags());
                }
                if (!ref.tags().isEmpty()) {
                    writeTags(r.putArray("tags"), ref.tags());
                }
            }
        }
        doc.put("startTime", span.startMicros());
        doc.put("startTimeMillis", span.startMicros() / 1000);
        doc.put("duration", span.durationMicros());
        if (span.tags().isEmpty()) {
            doc.putNull("tags");
        } else if (asFields) {
            writeTags(doc.putArray("tags"), binary(span.tags(), true));
            writeTagFields(doc.putObject("tag"), binary(span.tags(), false), tagsAsFieldsDotReplacement);
        } else {
            writeTags(doc.putArray("tags"), span.tags());
        }
        if (span.logs().isEmpty()) {
            doc.putNull("logs");
        } else {
            ArrayNode logs = doc.putArray("logs");
            for (Log log : span.logs()) {
                ObjectNode l = logs.addObject();
                l.put("timestamp", log.timestampMicros());
                writeTags(l.putArray("fields"), log.fields());
            }
        }
        ObjectNode process = doc.putObject("process");
        process.put("serviceName", span.process().serviceName());
        if (asFields && !span.process().tags().isEmpty()) {
            writeTags(process.putArray("tags"), binary(span.process().tags(), true));
            writeTagFields(process.putObject("tag"), binary(span.process().tags(), false), tagsAsFieldsDotReplacement);
        } else {
            writeTags(process.putArray("tags"), span.process().tags());
        }
        if (!span.scopeTags().isEmpty()) {
            writeTags(doc.putArray("scopeTags"), span.scopeTags());
        }
        return doc;
    }

    private static void writeTags(ArrayNode array, List<Tag> tags) {
        for (Tag tag : tags) {
            ObjectNode t = array.addObject();
            t.put("key", tag.key());
            t.put("type", tag.type().stored());
            switch (tag.type()) {
                case BOOL -> t.put("value", (Boolean) tag.value());
                case INT64 -> {
                    if (tag.value() instanceof Long l) {
                        t.put("value", l);
                    } else {
                        t.put("value", String.valueOf(tag.value()));
                    }
                }
                case FLOAT64 -> t.put("value", (Double) tag.value());
                default -> t.put("value", String.valueOf(tag.value()));
            }
        }
    }

    /** Binary tags stay nested even with tags as fields: an object field would lose their type. */
    private static List<Tag> binary(List<Tag> tags, boolean binary) {
        return tags.stream().filter(t -> (t.type() == TagType.BINARY) == binary).toList();
    }

    private static void writeTagFields(ObjectNode fields, List<Tag> tags, String dotReplacement) {
        for (Tag tag : tags) {
            String key = tag.key().replace(".", dotReplacement);
            switch (tag.type()) {
                case BOOL -> fields.put(key, (Boolean) tag.value());
                case INT64 -> {
                    if (tag.value() instanceof Long l) {
                        fields.put(key, l);
                    } else {
                        fields.put(key, String.valueOf(tag.value()));
                    }
                }
                case FLOAT64 -> fields.put(key, (Double) tag.value());
                default -> fields.put(key, String.valueOf(tag.value()));
            }
        }
    }

    static TraceSpan read(JsonNode doc, String dotReplacement) {
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
                doc.path("duration").asLong(), readTags(doc.path("tags"), doc.path("tag"), dotReplacement), logs,
                new Process(process.path("serviceName").asString(""),
                        readTags(process.path("tags"), process.path("tag"), dotReplacement)),
                readTags(doc.path("scopeTags"), doc.path("scopeTag"), dotReplacement));
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
