package io.opsplane.console.telemetry.zipkin;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Zipkin's v2 JSON: a list of spans as {@code POST /api/v2/spans} takes it (zipkin-api's zipkin2-api.yaml). */
final class ZipkinJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ZipkinJson() {
    }

    /** The spans, or an {@link IllegalArgumentException} saying what is wrong with the body. */
    static List<ZipkinSpan> decode(InputStream body) {
        JsonNode list;
        try {
            list = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("a Zipkin v2 JSON body is a list of spans");
        }
        List<ZipkinSpan> spans = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode span = list.get(i);
            if (!span.isObject()) {
                throw new IllegalArgumentException("span " + i + " is not a JSON object");
            }
            spans.add(span(span, i));
        }
        return spans;
    }

    private static ZipkinSpan span(JsonNode span, int index) {
        String what = "span " + index;
        String traceId = ZipkinIds.traceId(text(span, "traceId"), what);
        String id = ZipkinIds.spanId(text(span, "id"), what + " id");
        String parentId = text(span, "parentId") == null ? null : ZipkinIds.spanId(text(span, "parentId"), what + " parentId");
        String kind = text(span, "kind");
        Long timestamp = span.hasNonNull("timestamp") ? number(span, "timestamp", what) : null;
        long duration = span.hasNonNull("duration") ? number(span, "duration", what) : 0;
        List<ZipkinSpan.Annotation> annotations = new ArrayList<>();
        for (JsonNode annotation : span.path("annotations")) {
            annotations.add(new ZipkinSpan.Annotation(number(annotation, "timestamp", what + " annotation"),
                    text(annotation, "value") == null ? "" : text(annotation, "value")));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode tagNode = span.path("tags");
        if (tagNode.isObject()) {
            for (Map.Entry<String, JsonNode> tag : tagNode.properties()) {
                // Zipkin tags are strings; a reporter sending a number or boolean means its text
                tags.put(tag.getKey(), tag.getValue().isValueNode() ? tag.getValue().asString() : tag.getValue().toString());
            }
        }
        return new ZipkinSpan(traceId, parentId, id, kind == null ? null : kind.toUpperCase(Locale.ROOT),
                text(span, "name"), timestamp, duration, endpoint(span.get("localEndpoint")),
                endpoint(span.get("remoteEndpoint")), annotations, tags);
    }

    private static ZipkinSpan.Endpoint endpoint(JsonNode endpoint) {
        if (endpoint == null || !endpoint.isObject()) {
            return null;
        }
        return new ZipkinSpan.Endpoint(text(endpoint, "serviceName"), text(endpoint, "ipv4"), text(endpoint, "ipv6"),
                endpoint.path("port").asInt(0));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asString().isEmpty() ? null
                : value.asString();
    }

    private static long number(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException(what + ": " + field + " must be a number of microseconds");
        }
        return value.asLong();
    }
}
