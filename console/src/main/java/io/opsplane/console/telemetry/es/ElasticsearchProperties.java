package io.opsplane.console.telemetry.es;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the telemetry lives: the Elasticsearch that Jaeger and the Collector write to. Credentials are
 * either a user and password or an API key; TLS (including client certificates) comes from a Spring
 * SSL bundle named by {@code sslBundle}.
 */
@ConfigurationProperties("opsplane.elasticsearch")
public record ElasticsearchProperties(List<URI> uris, String username, String password, String apiKey,
                                      String sslBundle, Duration connectTimeout, Duration socketTimeout,
                                      Long maxInFlightBytes) {

    public ElasticsearchProperties {
        uris = uris == null || uris.isEmpty() ? List.of(URI.create("http://localhost:9200")) : uris;
        // short, so that telemetry calls fail fast when Elasticsearch is away and saga pages stay quick
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        socketTimeout = socketTimeout == null ? Duration.ofSeconds(30) : socketTimeout;
        // what the OTLP receiver may have on its way to Elasticsearch at once, beyond which it answers 429
        maxInFlightBytes = maxInFlightBytes == null ? 64L << 20 : maxInFlightBytes;
    }
}
