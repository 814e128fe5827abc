package io.opsplane.console.telemetry.trace.store;

import java.time.Duration;

import io.opsplane.console.telemetry.TelemetryProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How traces are stored and read. The index prefix is shared with the log indices
 * ({@code opsplane.telemetry.index-prefix}); the rest is under {@code opsplane.telemetry.traces}.
 */
@Component
class TraceSettings {

    final String indexPrefix;
    final int shards;
    final int replicas;
    /** How far back services, operations and traces by id are looked for (Jaeger's {@code max_span_age}). */
    final Duration maxSpanAge;
    /** What stands for '.' in tag names stored as object fields (Jaeger's {@code tags_as_fields.dot_replacement}). */
    final String dotReplacement;
    /** The most spans one dependency-graph computation reads; beyond it the graph covers what was read. */
    final int dependencyMaxSpans;
    /**
     * Span and process tags written as {@code tag.*} object fields (Jaeger's {@code tags_as_fields.all}), not
     * as nested documents: Elasticsearch indexes a span as about one document instead of one per tag, more
     * than twice as fast (docs/benchmarks.md); Jaeger Query reads and searches both forms.
     */
    final boolean tagsAsFields;

    @Autowired
    TraceSettings(TelemetryProperties properties) {
        this(properties.indexPrefix(), properties.traces().shards(), properties.traces().replicas(),
                properties.traces().maxSpanAge(), properties.traces().dotReplacement(),
                properties.traces().dependencyMaxSpans(), properties.traces().tagsAsFields());
    }

    /** For tests that need settings of their own. */
    TraceSettings(String indexPrefix, int shards, int replicas, Duration maxSpanAge, String dotReplacement,
                  int dependencyMaxSpans, boolean tagsAsFields) {
        this.indexPrefix = indexPrefix == null ? "" : indexPrefix.trim();
        this.shards = shards;
        this.replicas = replicas;
        this.maxSpanAge = maxSpanAge;
        this.dotReplacement = dotReplacement;
        this.dependencyMaxSpans = dependencyMaxSpans;
        this.tagsAsFields = tagsAsFields;
    }

    /** Jaeger's naming: the prefix, when there is one, joined with a dash. */
    String name(String base) {
        return indexPrefix.isEmpty() ? base : indexPrefix + "-" + base;
    }
}
