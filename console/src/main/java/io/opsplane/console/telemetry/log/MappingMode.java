package io.opsplane.console.telemetry.log;

import java.util.List;

/**
 * The document layouts Opsplane reads logs in: the Collector's Elasticsearch exporter's mapping modes and its
 * OpenSearch exporter's schema; where each part of a log record sits in the document.
 */
enum MappingMode {

    /** The exporter's default: OTLP's own structure ({@code body.text}, {@code resource.attributes.*}, ...). */
    OTEL("severity_text", "severity_number", "resource.attributes.service.name", "trace_id", "span_id",
            List.of("body.text", "body.structured"), List.of("body.structured", "body.flattened")),

    /** Elastic Common Schema: {@code message}, {@code log.level}, {@code service.name}, {@code trace.id}, ... */
    ECS("log.level", "event.severity", "service.name", "trace.id", "span.id", List.of("message"), List.of()),

    /**
     * What the Collector's OpenSearch exporter writes (OpenSearch's Simple Schema for Observability, index
     * {@code ss4o_logs-<dataset>-<namespace>}): {@code body}, {@code severity.text}, {@code resource.service.name},
     * {@code traceId}, {@code instrumentationScope}, ...
     */
    SS4O("severity.text", "severity.number", "resource.service.name", "traceId", "spanId", List.of("body"), List.of());

    final String severityText;
    final String severityNumber;
    final String service;
    final String traceId;
    final String spanId;
    final List<String> bodyFields;
    /** Where a map body is stored, as a flattened field (its values keywords): the exporter's name, and older ones'. */
    final List<String> structuredBody;

    MappingMode(String severityText, String severityNumber, String service, String traceId, String spanId,
                List<String> bodyFields, List<String> structuredBody) {
        this.severityText = severityText;
        this.severityNumber = severityNumber;
        this.service = service;
        this.traceId = traceId;
        this.spanId = spanId;
        this.bodyFields = bodyFields;
        this.structuredBody = structuredBody;
    }
}
