package io.opsplane.console.telemetry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where telemetry is kept, under {@code opsplane.telemetry}: the index prefix traces and logs share, and how
 * trace indices are made. Log settings are {@code opsplane.telemetry.logs} (LogProperties).
 */
@ConfigurationProperties("opsplane.telemetry")
public record TelemetryProperties(
        /* Put before every index name, joined with a dash, as Jaeger's index prefix: several installations can share a cluster. */
        @DefaultValue("") String indexPrefix,
        @DefaultValue Traces traces) {

    public TelemetryProperties {
        indexPrefix = indexPrefix == null ? "" : indexPrefix.trim();
    }

    public record Traces(
            @DefaultValue("1") int shards,
            @DefaultValue("0") int replicas,
            /* How far back services, operations and traces by id are looked for (Jaeger's max_span_age). */
            @DefaultValue("72h") Duration maxSpanAge,
            /* What stands for '.' in tag names stored as object fields (Jaeger's tags_as_fields.dot_replacement). */
            @DefaultValue("@") String dotReplacement,
            /* The most spans one dependency-graph computation reads; beyond it the graph covers what was read. */
            @DefaultValue("1000000") int dependencyMaxSpans,
            /*
             * Tags with an allowed key (the keys Jaeger UI and the console search most, plus tags-as-fields-keys and
             * tags-as-fields-file) stored as tag.* object fields; the rest stay nested, as with Jaeger's
             * tags_as_fields.config_path. False keeps every tag nested, as Jaeger does by default.
             */
            @DefaultValue("true") boolean tagsAsFields,
            /* More tag keys stored as object fields (Jaeger's tags_as_fields.include), beside the built-in ones. */
            List<String> tagsAsFieldsKeys,
            /* A file of more tag keys stored as object fields, one a line (Jaeger's tags_as_fields.config_path). */
            Path tagsAsFieldsFile) {

        public Traces {
            tagsAsFieldsKeys = tagsAsFieldsKeys == null ? List.of()
                    : tagsAsFieldsKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
        }
    }
}
