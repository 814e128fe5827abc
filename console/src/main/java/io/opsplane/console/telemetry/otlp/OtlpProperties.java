package io.opsplane.console.telemetry.otlp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The OTLP/HTTP receiver's limits: a request larger than this, compressed or not, is refused with 413. */
@ConfigurationProperties("opsplane.otlp")
public record OtlpProperties(Long maxRequestBytes) {

    public OtlpProperties {
        // the Collector's and the Java agent's batches stay far below this
        maxRequestBytes = maxRequestBytes == null ? 16L << 20 : maxRequestBytes;
    }
}
