package io.opsplane.console.telemetry.otlp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The OTLP/HTTP receiver's limits.
 *
 * @param maxRequestBytes a request larger than this, compressed or not, is refused with 413
 * @param inFlightBytes   how many request bytes all OTLP requests together may hold in memory at once; a request
 *                        that does not fit gets 429 with {@code Retry-After}. Default: an eighth of the maximum heap
 * @param readTimeout     how long a request body may send nothing before the connection is dropped (Tomcat's
 *                        upload timeout, which covers every request body the console reads)
 * @param bodyTimeout     how long a whole OTLP request body may take to arrive, however steadily it trickles
 */
@ConfigurationProperties("opsplane.otlp")
public record OtlpProperties(Long maxRequestBytes, DataSize inFlightBytes, Duration readTimeout, Duration bodyTimeout) {

    public OtlpProperties {
        // the Collector's and the Java agent's batches stay far below this
        maxRequestBytes = maxRequestBytes == null ? 16L << 20 : maxRequestBytes;
        // what the decoded spans need comes on top of the raw bytes; an eighth leaves the rest of the heap room
        inFlightBytes = inFlightBytes == null ? DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 8) : inFlightBytes;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        bodyTimeout = bodyTimeout == null ? Duration.ofSeconds(60) : bodyTimeout;
        if (inFlightBytes.toBytes() <= 0 || readTimeout.isNegative() || readTimeout.isZero()
                || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("opsplane.otlp: in-flight-bytes, read-timeout and body-timeout must be"
                    + " positive");
        }
    }
}
