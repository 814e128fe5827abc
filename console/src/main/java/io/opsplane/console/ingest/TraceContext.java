package io.opsplane.console.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trace and parent span an event's headers name. Services traced by the OpenTelemetry agent send a W3C
 * {@code traceparent}; a monolith traced by Brave or Spring Cloud Sleuth sends B3 (one {@code b3} header or the
 * {@code X-B3-*} ones), and one with a legacy Jaeger client sends {@code uber-trace-id}. All of them link the event
 * to the same trace. Ids shorter than 128 bits are left-padded with zeros, as the OpenTelemetry Collector does when
 * it converts Zipkin and Jaeger spans, so the link finds the span the Collector stored.
 */
record TraceContext(String traceId, String spanId) {

    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** The first trace context the headers hold, in the order above; null when none is valid. */
    static TraceContext fromHeaders(Map<String, String> headers) {
        TraceContext w3c = parse(headers.get("traceparent"));
        if (w3c != null) {
            return w3c;
        }
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        TraceContext context = parse(byName.getOrDefault("traceparent", byName.get("ce_traceparent")));
        if (context == null) {
            context = b3Single(byName.get("b3"));
        }
        if (context == null) {
            context = of(byName.get("X-B3-TraceId"), byName.get("X-B3-SpanId"));
        }
        if (context == null) {
            context = uberTraceId(byName.get("uber-trace-id"));
        }
        return context;
    }

    /**
     * Parses {@code version-traceid-parentid-flags} as W3C Trace Context level 1 describes it; anything
     * else (including the all-zero ids the spec forbids) gives null rather than a wrong link.
     */
    static TraceContext parse(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String value = traceparent.trim();
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String version = value.substring(0, 2);
        if (!isLowerHex(version) || version.equals("ff") || (version.equals("00") && value.length() != 55)
                || (value.length() > 55 && value.charAt(55) != '-')) {
            return null;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        if (!isLowerHex(traceId) || !isLowerHex(spanId) || !isLowerHex(value.substring(53, 55))
                || traceId.equals(ZERO_TRACE) || spanId.equals(ZERO_SPAN)) {
            return null;
        }
        return new TraceContext(traceId, spanId);
    }

    /** {@code b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]}; a lone sampling flag ("0") names no trace. */
    static TraceContext b3Single(String b3) {
        if (b3 == null) {
            return null;
        }
        String[] parts = b3.trim().split("-", -1);
        return parts.length >= 2 && parts.length <= 4 ? of(parts[0], parts[1]) : null;
    }

    /**
     * {@code uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}}, hex ids of up to 32 and 16 characters
     * with their leading zeros dropped; Jaeger clients may URL-encode the colons when the value travels in a header.
     */
    static TraceContext uberTraceId(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.trim().replace("%3A", ":").replace("%3a", ":").split(":", -1);
        return parts.length == 4 ? of(parts[0], parts[1]) : null;
    }

    /** Hex ids of 1–32 (trace) and 1–16 (span) characters, padded; upper case is read as lower. */
    private static TraceContext of(String traceId, String spanId) {
        if (traceId == null || spanId == null || traceId.isEmpty() || traceId.length() > 32 || spanId.isEmpty()
                || spanId.length() > 16) {
            return null;
        }
        String trace = pad(traceId.toLowerCase(Locale.ROOT), 32);
        String span = pad(spanId.toLowerCase(Locale.ROOT), 16);
        if (!isLowerHex(trace) || !isLowerHex(span) || trace.equals(ZERO_TRACE) || span.equals(ZERO_SPAN)) {
            return null;
        }
        return new TraceContext(trace, span);
    }

    private static String pad(String hex, int length) {
        return "0".repeat(length - hex.length()) + hex;
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
