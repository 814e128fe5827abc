package io.opsplane.console.telemetry.log;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How logs are read: the document layout the Collector's Elasticsearch exporter was set to
 * ({@code mapping-mode}), where they are ({@code index-pattern}, any Elasticsearch multi-target
 * expression; empty for the default of the mode), and how long a page cursor stays valid.
 */
@ConfigurationProperties("opsplane.telemetry.logs")
record LogProperties(MappingMode mappingMode, String indexPattern, Duration pageKeepAlive) {

    LogProperties {
        mappingMode = mappingMode == null ? MappingMode.OTEL : mappingMode;
        indexPattern = indexPattern == null || indexPattern.isBlank() ? null : indexPattern.trim();
        pageKeepAlive = pageKeepAlive == null ? Duration.ofMinutes(10) : pageKeepAlive;
    }
}
