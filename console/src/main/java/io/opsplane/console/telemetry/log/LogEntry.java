package io.opsplane.console.telemetry.log;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One log record as found, whichever mapping mode wrote it. {@code level} is the severity number's
 * level (TRACE … FATAL); {@code body} is the text, or the structured body as JSON text, which is
 * also in {@code structuredBody}. In ECS documents resource and record attributes are not told
 * apart: all other fields are in {@code attributes}, and {@code resource} and {@code scope} are null.
 */
public record LogEntry(String id, String index, Instant timestamp, Instant observedTimestamp, String service,
                       String level, String severityText, Integer severityNumber, String body,
                       JsonNode structuredBody, String traceId, String spanId, String eventName,
                       JsonNode attributes, JsonNode resource, JsonNode scope) {
}
