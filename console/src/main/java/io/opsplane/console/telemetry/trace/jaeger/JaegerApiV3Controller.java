package io.opsplane.console.telemetry.trace.jaeger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.telemetry.otlp.OtlpJson;
import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceQuery;
import io.opsplane.console.telemetry.trace.store.TraceReader;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import io.opsplane.console.web.ParameterLimits;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jaeger's API v3 as Jaeger's query service serves it over HTTP (its grpc-gateway shapes): services, operations,
 * a trace by id and a trace search, traces as OTLP/JSON under {@code result}, errors as
 * {@code {"error":{"httpCode":…,"message":…}}}. Parameters by their snake_case names (what Grafana and Jaeger UI
 * send) and by the camelCase names of newer Jaeger versions.
 */
@Hidden
@RestController
@RequestMapping(path = "${opsplane.telemetry.jaeger-api.prefix:/jaeger}/api/v3", produces = MediaType.APPLICATION_JSON_VALUE)
record JaegerApiV3Controller(TraceReader reader) {

    private static final int DEFAULT_SEARCH_DEPTH = 100;

    @GetMapping("/services")
    ObjectNode services() {
        ObjectNode body = JaegerUiJson.JSON.createObjectNode();
        ArrayNode services = body.putArray("services");
        reader.services().forEach(services::add);
        return body;
    }

    @GetMapping("/operations")
    ObjectNode operations(@RequestParam MultiValueMap<String, String> query) {
        String service = param(query, "service", "service");
        String spanKind = param(query, "span_kind", "spanKind");
        ObjectNode body = JaegerUiJson.JSON.createObjectNode();
        ArrayNode operations = body.putArray("operations");
        if (service.isEmpty()) {
            return body;
        }
        for (Map.Entry<String, String> op : reader.operations(service, spanKind.isEmpty() ? null : spanKind)) {
            ObjectNode o = operations.addObject();
            o.put("name", op.getKey());
            // as Jaeger's gateway: an operation read without its kind is reported as internal
            o.put("spanKind", op.getValue() == null || op.getValue().isEmpty() ? "internal" : op.getValue());
        }
        return body;
    }

    @GetMapping("/traces/{traceId}")
    JsonNode trace(@PathVariable String traceId, @RequestParam MultiValueMap<String, String> query) {
        try {
            TraceIds.validated(traceId);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("trace_id", e.getMessage());
        }
        Instant start = time(query, "start_time", "startTime");
        Instant end = time(query, "end_time", "endTime");
        bool(query, "raw_traces", "rawTraces");
        List<TraceSpan> spans = reader.trace(traceId, start, end);
        return traces(spans);
    }

    @GetMapping("/traces")
    JsonNode search(@RequestParam MultiValueMap<String, String> query) {
        String minParam = name(query, "query.start_time_min", "query.startTimeMin");
        String maxParam = name(query, "query.start_time_max", "query.startTimeMax");
        Instant startMin = time(query, "query.start_time_min", "query.startTimeMin");
        Instant startMax = time(query, "query.start_time_max", "query.startTimeMax");
        if (startMin == null || startMax == null) {
            throw new IllegalArgumentException("query.start_time_min and query.start_time_max are required");
        }
        if (Duration.between(startMin, startMax).compareTo(JaegerApiController.MAX_RANGE) > 0) {
            throw new IllegalArgumentException("parameter " + minParam + " to " + maxParam + ": a search may cover at most "
                    + JaegerApiController.MAX_RANGE.toDays() + " days");
        }
        int depth = searchDepth(query);
        Long durationMin = duration(query, "query.duration_min", "query.durationMin");
        Long durationMax = duration(query, "query.duration_max", "query.durationMax");
        bool(query, "query.raw_traces", "query.rawTraces");
        TraceQuery search = new TraceQuery(param(query, "query.service_name", "query.serviceName"),
                param(query, "query.operation_name", "query.operationName"), attributes(query), startMin, startMax,
                durationMin, durationMax, depth);
        List<TraceSpan> spans = new ArrayList<>();
        reader.find(search).forEach(spans::addAll);
        return traces(spans);
    }

    private static JsonNode traces(List<TraceSpan> spans) {
        if (spans.isEmpty()) {
            throw new NoTraceFound("No traces found");
        }
        ObjectNode body = JaegerUiJson.JSON.createObjectNode();
        body.set("result", OtlpJson.tree(OtlpTraces.of(spans)));
        return body;
    }

    /** The value of the canonical name or its alias, the first one present; empty when neither is. */
    private static String param(MultiValueMap<String, String> query, String name, String alias) {
        String value = query.getFirst(name);
        if (value == null || value.isEmpty()) {
            value = query.getFirst(alias);
        }
        return value == null ? "" : value;
    }

    /** Which of the two names the caller used, for messages. */
    private static String name(MultiValueMap<String, String> query, String name, String alias) {
        String value = query.getFirst(name);
        return (value == null || value.isEmpty()) && query.containsKey(alias) ? alias : name;
    }

    private static Instant time(MultiValueMap<String, String> query, String name, String alias) {
        String text = param(query, name, alias);
        if (text.isEmpty()) {
            return null;
        }
        // Grafana appends times to the query unencoded, so a zone offset's '+' arrives as a space
        String value = text.replace(' ', '+');
        Instant time;
        try {
            time = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name(query, name, alias), "cannot parse '" + text
                    + "' as an RFC 3339 time such as 2026-12-05T10:15:30.123456789Z");
        }
        if (time.isBefore(ParameterLimits.EARLIEST) || time.isAfter(ParameterLimits.LATEST)) {
            throw new BadParameter(name(query, name, alias), "a time from " + ParameterLimits.EARLIEST + " to "
                    + ParameterLimits.LATEST + " is expected, not " + text);
        }
        return time;
    }

    private static Long duration(MultiValueMap<String, String> query, String name, String alias) {
        String text = param(query, name, alias);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return GoDurations.micros(text, name(query, name, alias));
        } catch (IllegalArgumentException e) {
            throw new BadParameter(name(query, name, alias), e.getMessage());
        }
    }

    /** As Go's {@code strconv.ParseBool}, which Jaeger uses. */
    private static boolean bool(MultiValueMap<String, String> query, String name, String alias) {
        String text = param(query, name, alias);
        return switch (text) {
            case "" , "0", "f", "F", "false", "FALSE", "False" -> false;
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            default -> throw new BadParameter(name(query, name, alias), "cannot parse '" + text + "' as a boolean");
        };
    }

    private static int searchDepth(MultiValueMap<String, String> query) {
        String name = "query.search_depth";
        String text = query.getFirst(name);
        for (String alias : new String[] {"query.searchDepth", "query.num_traces"}) {
            if (text == null || text.isEmpty()) {
                name = alias;
                text = query.getFirst(alias);
            }
        }
        if (text == null || text.isEmpty()) {
            return DEFAULT_SEARCH_DEPTH;
        }
        int depth;
        try {
            depth = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "cannot parse '" + text + "' as a number");
        }
        if (depth < 0 || depth > TraceQuery.MAX_LIMIT) {
            throw new BadParameter(name, "must be from 0 to " + TraceQuery.MAX_LIMIT + ", not " + depth);
        }
        return depth == 0 ? DEFAULT_SEARCH_DEPTH : depth;
    }

    /** {@code query.attributes}: a JSON object of string values, as Jaeger reads it. */
    private static Map<String, String> attributes(MultiValueMap<String, String> query) {
        String json = query.getFirst("query.attributes");
        Map<String, String> attributes = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return attributes;
        }
        JsonNode object;
        try {
            object = JaegerUiJson.JSON.readTree(json);
        } catch (JacksonException e) {
            throw new BadParameter("query.attributes", "expected a JSON object such as {\"http.status_code\":\"500\"}");
        }
        if (!object.isObject()) {
            throw new BadParameter("query.attributes", "expected a JSON object such as {\"http.status_code\":\"500\"}");
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isString()) {
                throw new BadParameter("query.attributes", "the value of '" + e.getKey() + "' is not a string");
            }
            attributes.put(e.getKey(), e.getValue().stringValue());
        }
        return attributes;
    }

    /** A parameter that cannot be read, reported as Jaeger does: {@code malformed parameter <name>: <why>}. */
    static final class BadParameter extends IllegalArgumentException {
        BadParameter(String parameter, String why) {
            super("malformed parameter " + parameter + ": " + why);
        }
    }

    private static ResponseEntity<JsonNode> error(HttpStatus status, String message) {
        ObjectNode body = JaegerUiJson.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("httpCode", status.value());
        error.put("message", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @ExceptionHandler(NoTraceFound.class)
    ResponseEntity<JsonNode> notFound(NoTraceFound e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<JsonNode> badRequest(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
