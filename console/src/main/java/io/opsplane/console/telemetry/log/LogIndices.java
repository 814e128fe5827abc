package io.opsplane.console.telemetry.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.opsplane.console.telemetry.es.DailyIndices;
import io.opsplane.console.telemetry.es.IndexTemplate;
import io.opsplane.console.telemetry.TelemetryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where logs are written and read. Opsplane writes what a Collector with {@code logs_index: logs-otel}
 * and {@code logstash_format} enabled writes: daily indices {@code [prefix-]logs-otel-yyyy.MM.dd}
 * (the exporter's own date suffix), since this Elasticsearch has no data streams. A Collector in its
 * default set-up writes to the data stream {@code logs-<dataset>.otel-<namespace>}; the default read
 * pattern covers both.
 */
@Configuration(proxyBeanMethods = false)
class LogIndices {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private final String writeBase;
    private final String readPattern;

    LogIndices(TelemetryProperties telemetry, LogProperties properties) {
        String prefix = telemetry.indexPrefix();
        this.writeBase = (prefix.isEmpty() ? "" : prefix + "-") + "logs-otel";
        this.readPattern = properties.indexPattern() != null ? properties.indexPattern()
                : switch (properties.mappingMode()) {
                    case OTEL -> "logs-*.otel-*," + writeBase + "-*";
                    // the exporter's ECS data streams are logs-<dataset>-<namespace>; leave out the otel-mode ones
                    case ECS -> "logs-*-*,-logs-*.otel-*,-logs-otel-*";
                    // the OpenSearch exporter's default index is ss4o_logs-default-namespace
                    case SS4O -> "ss4o_logs-*";
                };
    }

    /** The daily index a document with this {@code @timestamp} goes to. */
    String writeIndex(Instant timestamp) {
        return writeBase + "-" + DAY.format(timestamp);
    }

    String readPattern() {
        return readPattern;
    }

    /** What retention may delete: the daily indices Opsplane writes, not data streams a Collector writes. */
    @Bean
    DailyIndices logsOtelIndices() {
        return new DailyIndices("logs", writeBase + "-", "yyyy.MM.dd");
    }

    @Bean
    IndexTemplate logsOtelTemplate() {
        try (InputStream in = LogIndices.class.getResourceAsStream("/telemetry/logs-otel-template.json")) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${index}", writeBase);
            return new IndexTemplate(writeBase, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
