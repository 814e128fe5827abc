package io.opsplane.console.telemetry.trace.jaeger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.telemetry.trace.store.TraceIds;
import io.opsplane.console.telemetry.trace.store.TraceQuery;
import io.opsplane.console.telemetry.trace.store.TraceReader;
import io.opsplane.console.telemetry.trace.store.TraceSpan;
import io.opsplane.console.web.ParameterLimits;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jaeger Query's HTTP API (what Jaeger UI and Grafana's Jaeger data source call), with its envelope
 * {@code {data, total, limit, offset, errors}} and its error shape, under
 * {@code opsplane.telemetry.jaeger-api.prefix}.
 */
@Hidden
@RestController
@RequestMapping(path = "${opsplane.telemetry.jaeger-api.prefix:/jaeger}/api", produces = MediaType.APPLICATION_JSON_VALUE)
record JaegerApiController(TraceReader reader) {

    private static final int DEFAULT_LIMIT = 100;
    private static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    /** The longest time range one search or dependency graph covers: the console's longest lookback. */
    static final Duration MAX_RANGE = Duration.ofDays(7);

    @GetMapping("/services")
    JacksonSerializable services() {
        List<String> services = reader.services();
        ArrayNode data = JaegerUiJson.JSON.createArrayNode();
        services.forEach(data::add);
        return envelope(data, services.size());
    }

    @GetMapping("/services/{service}/operations")
    JacksonSerializable serviceOperations(@PathVariable String service) {
        ArrayNode data = JaegerUiJson.JSON.createArrayNode();
        reader.operations(service, null).forEach(op -> data.add(op.getKey()));
        return envelope(data, data.size());
    }

    @GetMapping("/operations")
    JacksonSerializable operations(@RequestParam String service, @RequestParam(required = false) String spanKind) {
        ArrayNode data = JaegerUiJson.JSON.createArrayNode();
        for (Map.Entry<String, String> op : reader.operations(service, spanKind)) {
            ObjectNode o = data.addObject();
            o.put("name", op.getKey());
            o.put("spanKind", op.getValue());
        }
        return envelope(data, data.size());
    }

    @GetMapping("/traces")
    JacksonSerializable search(@RequestParam(required = false) String service,
                               @RequestParam(required = false) String operation,
                               @RequestParam(required = false) String tags,
                               @RequestParam(required = false) List<String> tag,
                               @RequestParam(required = false) String minDuration,
                               @RequestParam(required = false) String maxDuration,
                               @RequestParam(required = false) Long start,
                               @RequestParam(required = false) Long end,
                               @RequestParam(required = false) String lookback,
                               @RequestParam(required = false) Integer limit,
                               @RequestParam(name = "traceID", required = false) List<String> traceIds) {
        if (traceIds != null && !traceIds.isEmpty()) {
            traceIds.forEach(TraceIds::validated);
            return JaegerUiJson.answer(reader.traces(traceIds));
        }
        if (service == null || service.isEmpty()) {
            throw new IllegalArgumentException("parameter 'service' is required");
        }
        if (limit != null && limit > TraceQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("parameter 'limit' must be at most " + TraceQuery.MAX_LIMIT + ", not " + limit);
        }
        Instant endTime = end == null ? Instant.now() : micros(end, "end");
        Instant startTime = start != null ? micros(start, "start") : endTime.minus(lookback(lookback));
        withinMaxRange(startTime, endTime, start != null ? "start" : "lookback");
        TraceQuery query = new TraceQuery(service, operation, tags(tags, tag), startTime, endTime,
                minDuration == null || minDuration.isEmpty() ? null : GoDurations.micros(minDuration, "minDuration"),
                maxDuration == null || maxDuration.isEmpty() ? null : GoDurations.micros(maxDuration, "maxDuration"),
                limit == null || limit <= 0 ? DEFAULT_LIMIT : limit);
        return JaegerUiJson.answer(reader.find(query));
    }

    @GetMapping("/traces/{traceId}")
    JacksonSerializable trace(@PathVariable String traceId, @RequestParam(required = false) Long start,
                              @RequestParam(required = false) Long end) {
        TraceIds.validated(traceId);
        List<TraceSpan> spans = reader.trace(traceId, start == null ? null : microsOrMillis(start, "start"),
                end == null ? null : microsOrMillis(end, "end"));
        if (spans.isEmpty()) {
            throw new NoTraceFound("trace not found");
        }
        return JaegerUiJson.answer(List.of(spans));
    }

    @GetMapping("/dependencies")
    JacksonSerializable dependencies(@RequestParam(required = false) Long endTs,
                                     @RequestParam(required = false) Long lookback) {
        Instant end = endTs == null ? Instant.now() : within(Instant.ofEpochMilli(endTs), "endTs");
        Duration window = lookback == null ? Duration.ofDays(1) : Duration.ofMillis(lookback);
        if (window.isNegative() || window.compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("parameter 'lookback' must be from 0 to " + MAX_RANGE.toMillis()
                    + " ms (" + MAX_RANGE.toDays() + " days)");
        }
        ArrayNode data = JaegerUiJson.JSON.createArrayNode();
        for (TraceReader.Dependency d : reader.dependencies(end.minus(window), end)) {
            ObjectNode link = data.addObject();
            link.put("parent", d.parent());
            link.put("child", d.child());
            link.put("callCount", d.callCount());
            link.put("errorCount", d.errorCount());
        }
        return envelope(data, 0);
    }

    /**
     * Microseconds as Jaeger UI sends them, or milliseconds as Grafana's "trace ID time parameters" do, told apart
     * by size: 10^14 is 1973 in microseconds but the year 5138 in milliseconds.
     */
    static Instant microsOrMillis(long value, String parameter) {
        return Math.abs(value) < 100_000_000_000_000L ? within(Instant.ofEpochMilli(value), parameter)
                : micros(value, parameter);
    }

    private static Instant micros(long micros, String parameter) {
        return within(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), parameter);
    }

    private static Instant within(Instant time, String parameter) {
        if (time.isBefore(ParameterLimits.EARLIEST) || time.isAfter(ParameterLimits.LATEST)) {
            throw new IllegalArgumentException("parameter '" + parameter + "' must be a time from "
                    + ParameterLimits.EARLIEST + " to " + ParameterLimits.LATEST);
        }
        return time;
    }

    private static void withinMaxRange(Instant start, Instant end, String parameter) {
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("parameter '" + parameter + "': a search may cover at most "
                    + MAX_RANGE.toDays() + " days");
        }
    }

    private static Duration lookback(String lookback) {
        if (lookback == null || lookback.isEmpty() || lookback.equals("custom")) {
            return DEFAULT_LOOKBACK;
        }
        // Jaeger UI writes 1h, 2d, 1w; Go durations are accepted too
        if (lookback.matches("\\d{1,6}[dw]")) {
            long n = Long.parseLong(lookback.substring(0, lookback.length() - 1));
            return Duration.ofDays(lookback.endsWith("w") ? n * 7 : n);
        }
        long micros = GoDurations.micros(lookback, "lookback");
        if (micros < 0 || micros > MAX_RANGE.toNanos() / 1000) {
            throw new IllegalArgumentException("parameter 'lookback' may be at most " + MAX_RANGE.toDays() + " days");
        }
        return Duration.ofNanos(micros * 1000);
    }

    /** Tags as Jaeger UI sends them ({@code tags={"k":"v"}}) and as Jaeger's API also takes them ({@code tag=k:v}). */
    private static Map<String, String> tags(String json, List<String> pairs) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (json != null && !json.isBlank()) {
            JsonNode object;
            try {
                object = JaegerUiJson.JSON.readTree(json);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("malformed 'tags' parameter: expected a JSON object such as "
                        + "{\"http.status_code\":\"500\"}");
            }
            if (!object.isObject()) {
                throw new IllegalArgumentException("malformed 'tags' parameter: expected a JSON object");
            }
            object.properties().forEach(e -> tags.put(e.getKey(),
                    e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString()));
        }
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int colon = pair.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("malformed 'tag' parameter '" + pair + "': expected key:value");
            }
            tags.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return tags;
    }

    private static JacksonSerializable envelope(JsonNode data, int total) {
        return JaegerUiJson.envelope(g -> g.writeTree(data), total);
    }

    private static ResponseEntity<ObjectNode> error(HttpStatus status, String message) {
        ObjectNode envelope = JaegerUiJson.JSON.createObjectNode();
        envelope.putNull("data");
        envelope.put("total", 0);
        envelope.put("limit", 0);
        envelope.put("offset", 0);
        ObjectNode error = envelope.putArray("errors").addObject();
        error.put("code", status.value());
        error.put("msg", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(envelope);
    }

    @ExceptionHandler(NoTraceFound.class)
    ResponseEntity<ObjectNode> notFound(NoTraceFound e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ObjectNode> badRequest(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ObjectNode> badParameter(Exception e) {
        String message = e instanceof MethodArgumentTypeMismatchException m
                ? "cannot parse parameter '" + m.getName() + "' value '" + m.getValue() + "'"
                : e.getMessage();
        return error(HttpStatus.BAD_REQUEST, message);
    }
}
