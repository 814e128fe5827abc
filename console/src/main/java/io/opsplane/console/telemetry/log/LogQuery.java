package io.opsplane.console.telemetry.log;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which log records to find; every part is optional and they all apply. {@code text} is matched in
 * the body (words, "quoted phrases"), {@code severities} are severity texts (any case), {@code from}
 * is inclusive and {@code to} exclusive. Ids are hex as OTLP/JSON writes them, in either case.
 */
public record LogQuery(String text, String service, List<String> severities, Integer minSeverity,
                       List<String> traceIds, String spanId, Instant from, Instant to) {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-fA-F]{16}");

    public LogQuery {
        text = blankToNull(text);
        service = blankToNull(service);
        severities = severities == null ? List.of()
                : severities.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        traceIds = traceIds == null ? List.of() : traceIds.stream().map(id -> {
            if (!TRACE_ID.matcher(id.trim()).matches()) {
                throw new IllegalArgumentException("a trace id is 32 hex digits, such as "
                        + "5b8efff798038103d269b633813fc60c, not '" + id + "'");
            }
            return id.trim().toLowerCase(Locale.ROOT);
        }).distinct().toList();
        spanId = blankToNull(spanId);
        if (spanId != null) {
            if (!SPAN_ID.matcher(spanId).matches()) {
                throw new IllegalArgumentException("a span id is 16 hex digits, such as eee19b7ec3c1b174, not '"
                        + spanId + "'");
            }
            spanId = spanId.toLowerCase(Locale.ROOT);
        }
        if (minSeverity != null && (minSeverity < 1 || minSeverity > 24)) {
            throw new IllegalArgumentException("minSeverity must be between 1 and 24, not " + minSeverity);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the time range is empty: from (" + from + ") must be before to ("
                    + to + ")");
        }
    }

    /** All records. */
    public static LogQuery all() {
        return new LogQuery(null, null, null, null, null, null, null, null);
    }

    public LogQuery withTraceIds(List<String> ids) {
        return new LogQuery(text, service, severities, minSeverity, ids, spanId, from, to);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
