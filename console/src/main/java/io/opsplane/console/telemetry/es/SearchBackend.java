package io.opsplane.console.telemetry.es;

/**
 * Which search engine holds the telemetry. Both speak the same REST API for what Opsplane does, apart from
 * a few places {@link Elasticsearch} and {@link IndexTemplates} handle: points in time, their tiebreaker sort,
 * and mapping types and settings OpenSearch lacks.
 */
public enum SearchBackend {
    /** Decided from the node's answer to {@code GET /}: OpenSearch names itself there. */
    AUTO,
    ELASTICSEARCH,
    OPENSEARCH
}
