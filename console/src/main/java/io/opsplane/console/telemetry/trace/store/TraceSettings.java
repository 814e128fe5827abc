package io.opsplane.console.telemetry.trace.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.opsplane.console.telemetry.TelemetryProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How traces are stored and read. The index prefix is shared with the log indices
 * ({@code opsplane.telemetry.index-prefix}); the rest is under {@code opsplane.telemetry.traces}.
 */
@Component
class TraceSettings {

    /**
     * Tag keys stored as object fields when tags are: those Jaeger UI, the console's pages and alert rules search
     * or aggregate on, and the common semantic-convention keys of HTTP, RPC, database and messaging spans. Bounded,
     * so a service inventing new keys cannot fill an index's field limit and stop other services' spans.
     */
    static final List<String> DEFAULT_TAGS_AS_FIELDS = List.of(
            "error", "span.kind", "otel.status_code", "otel.status_description", "peer.service",
            "http.method", "http.request.method", "http.status_code", "http.response.status_code", "http.route",
            "http.url", "http.target", "url.path", "url.full", "server.address", "server.port",
            "db.system", "db.system.name", "db.name", "db.namespace", "db.operation", "db.operation.name",
            "messaging.system", "messaging.destination", "messaging.destination.name", "messaging.operation",
            "messaging.operation.type", "messaging.kafka.consumer.group", "messaging.consumer.group.name",
            "messaging.kafka.partition", "messaging.message.id",
            "rpc.system", "rpc.service", "rpc.method", "rpc.grpc.status_code",
            "order.id", "saga.id", "saga.type",
            "host.name", "service.version", "service.namespace", "deployment.environment",
            "deployment.environment.name", "k8s.namespace.name", "k8s.pod.name");

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
     * Span and process tags with a key of {@link #tagsAsFieldsKeys} written as {@code tag.*} object fields, the
     * rest nested (Jaeger's {@code tags_as_fields.config_path}): Elasticsearch indexes a span as fewer documents,
     * faster (docs/benchmarks.md); Jaeger Query reads and searches both forms.
     */
    final boolean tagsAsFields;
    /** The keys written as object fields when {@link #tagsAsFields}. */
    final Set<String> tagsAsFieldsKeys;

    @Autowired
    TraceSettings(TelemetryProperties properties) {
        this(properties.indexPrefix(), properties.traces().shards(), properties.traces().replicas(),
                properties.traces().maxSpanAge(), properties.traces().dotReplacement(),
                properties.traces().dependencyMaxSpans(), properties.traces().tagsAsFields(),
                allowedKeys(properties.traces().tagsAsFieldsKeys(), properties.traces().tagsAsFieldsFile()));
    }

    /** For tests that need settings of their own: the built-in keys as fields. */
    TraceSettings(String indexPrefix, int shards, int replicas, Duration maxSpanAge, String dotReplacement,
                  int dependencyMaxSpans, boolean tagsAsFields) {
        this(indexPrefix, shards, replicas, maxSpanAge, dotReplacement, dependencyMaxSpans, tagsAsFields,
                allowedKeys(List.of(), null));
    }

    TraceSettings(String indexPrefix, int shards, int replicas, Duration maxSpanAge, String dotReplacement,
                  int dependencyMaxSpans, boolean tagsAsFields, Collection<String> tagsAsFieldsKeys) {
        this.indexPrefix = indexPrefix == null ? "" : indexPrefix.trim();
        this.shards = shards;
        this.replicas = replicas;
        this.maxSpanAge = maxSpanAge;
        this.dotReplacement = dotReplacement;
        this.dependencyMaxSpans = dependencyMaxSpans;
        this.tagsAsFields = tagsAsFields;
        this.tagsAsFieldsKeys = Set.copyOf(tagsAsFieldsKeys);
    }

    /** The built-in keys, the configured ones and those of the file (one a line, blank lines and # comments skipped). */
    static Set<String> allowedKeys(List<String> configured, Path file) {
        Set<String> keys = new LinkedHashSet<>(DEFAULT_TAGS_AS_FIELDS);
        configured.stream().map(String::trim).filter(k -> !k.isEmpty()).forEach(keys::add);
        if (file != null) {
            try {
                Files.readAllLines(file).stream().map(String::trim).filter(k -> !k.isEmpty() && !k.startsWith("#"))
                        .forEach(keys::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read opsplane.telemetry.traces.tags-as-fields-file "
                        + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    /**
     * Enough fields for the span schema and every allowed key both as a span and a process tag, and never below
     * Elasticsearch's default.
     */
    int totalFieldsLimit() {
        return Math.max(1000, 200 + 2 * tagsAsFieldsKeys.size());
    }

    /** Jaeger's naming: the prefix, when there is one, joined with a dash. */
    String name(String base) {
        return indexPrefix.isEmpty() ? base : indexPrefix + "-" + base;
    }
}
