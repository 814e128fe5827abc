package io.opsplane.console.telemetry.es;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import org.apache.http.entity.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Installs the features' index templates when missing (an operator's own changes to an existing
 * template are kept). Tried at start-up and again before the first write, so Opsplane can start
 * before its Elasticsearch does.
 */
@Component
public class IndexTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);

    private final Elasticsearch elasticsearch;
    private final List<IndexTemplate> templates;
    private volatile boolean installed;

    IndexTemplates(Elasticsearch elasticsearch, List<IndexTemplate> templates) {
        this.elasticsearch = elasticsearch;
        this.templates = templates;
    }

    @EventListener(ApplicationReadyEvent.class)
    void installAtStartUp() {
        Thread.ofVirtual().name("index-templates").start(() -> {
            try {
                ensureInstalled();
            } catch (TelemetryUnavailableException e) {
                LOG.warn("Elasticsearch unreachable at start-up ({}); index templates will be installed before the "
                        + "first write", e.getMessage());
            }
        });
    }

    /** Installs what is missing unless done already; throws {@link TelemetryUnavailableException} (or busy) when it cannot. */
    public void ensureInstalled() {
        if (installed) {
            return;
        }
        synchronized (this) {
            if (installed) {
                return;
            }
            for (IndexTemplate template : templates) {
                String path = "/_index_template/" + template.name();
                String what = "the index template " + template.name();
                if (!elasticsearch.exists(path, what)) {
                    String body = elasticsearch.backend() == SearchBackend.OPENSEARCH
                            ? OpenSearchTemplates.rewrite(template.body()) : template.body();
                    NodeClient.Request put = new NodeClient.Request("PUT", path)
                            .body(body.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
                    try {
                        elasticsearch.perform(put, what);
                    } catch (TelemetryRefusedException e) {
                        // the writer did nothing wrong: the template (or the cluster's settings) must be fixed,
                        // so writes wait (503) instead of being refused as bad requests
                        throw new TelemetryUnavailableException(e.getMessage(), Elasticsearch.DOWN_RETRY, e);
                    }
                    LOG.info("Installed the index template {} on {}", template.name(), elasticsearch.backend());
                }
            }
            installed = true;
        }
    }
}
