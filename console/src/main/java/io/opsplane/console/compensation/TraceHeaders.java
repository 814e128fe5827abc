package io.opsplane.console.compensation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace headers a command carries, in each format the receiving services understand: the same trace and span
 * as the command's W3C {@code traceparent}, written as B3 for services still traced by Brave or Spring Cloud Sleuth.
 */
final class TraceHeaders {

    static final List<String> FORMATS = List.of("tracecontext", "b3", "b3multi");

    private TraceHeaders() {
    }

    /** Header name → value; none when the command has no trace. */
    static Map<String, String> of(String traceparent, List<String> formats) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (traceparent == null) {
            return headers;
        }
        // 00-{trace id}-{span id}-{flags}, as CommandEnvelope writes it
        String traceId = traceparent.substring(3, 35);
        String spanId = traceparent.substring(36, 52);
        String sampled = traceparent.endsWith("01") ? "1" : "0";
        for (String format : formats) {
            switch (format) {
                case "tracecontext" -> headers.put("traceparent", traceparent);
                case "b3" -> headers.put("b3", traceId + "-" + spanId + "-" + sampled);
                case "b3multi" -> {
                    headers.put("X-B3-TraceId", traceId);
                    headers.put("X-B3-SpanId", spanId);
                    headers.put("X-B3-Sampled", sampled);
                }
                default -> throw new IllegalArgumentException("unknown propagation format " + format);
            }
        }
        return headers;
    }
}
