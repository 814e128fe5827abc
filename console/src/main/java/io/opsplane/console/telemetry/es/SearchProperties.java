package io.opsplane.console.telemetry.es;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The search engine behind {@code opsplane.elasticsearch.uris}.
 *
 * @param backend auto (ask the node), elasticsearch (8.19) or opensearch (2.19, 3.x); set it where {@code GET /}
 *                is not allowed to Opsplane's user
 */
@ConfigurationProperties("opsplane.search")
public record SearchProperties(SearchBackend backend) {

    public SearchProperties {
        backend = backend == null ? SearchBackend.AUTO : backend;
    }
}
