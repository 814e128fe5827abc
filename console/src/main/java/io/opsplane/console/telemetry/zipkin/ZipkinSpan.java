package io.opsplane.console.telemetry.zipkin;

import java.util.List;
import java.util.Map;

/**
 * A Zipkin v2 span as a reporter sent it, before conversion: ids as lower-case hex, times in microseconds (the
 * timestamp null when the reporter left it out), names as sent (Zipkin's own server lower-cases them; the
 * Collector, and so Opsplane, keeps them).
 */
record ZipkinSpan(String traceId, String parentId, String id, String kind, String name, Long timestampMicros,
                  long durationMicros, Endpoint localEndpoint, Endpoint remoteEndpoint, List<Annotation> annotations,
                  Map<String, String> tags) {

    record Endpoint(String serviceName, String ipv4, String ipv6, int port) {
    }

    record Annotation(long timestampMicros, String value) {
    }
}
