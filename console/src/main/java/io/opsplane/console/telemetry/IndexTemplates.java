package io.opsplane.console.telemetry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
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

    private final RestClient client;
    private final List<IndexTemplate> templates;
    private volatile boolean installed;

    IndexTemplates(RestClient client, List<IndexTemplate> templates) {
        this.client = client;
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

    /** Installs what is missing unless done already; throws {@link TelemetryUnavailableException} when it cannot. */
    public void ensureInstalled() {
        if (installed) {
            return;
        }
        synchronized (this) {
            if (installed) {
                return;
            }
            try {
                for (IndexTemplate template : templates) {
                    if (!exists(template)) {
                        Request put = new Request("PUT", "/_index_template/" + template.name());
                        put.setEntity(new NStringEntity(template.body(), ContentType.APPLICATION_JSON));
                        client.performRequest(put);
                        LOG.info("Installed Elasticsearch index template {}", template.name());
                    }
                }
                installed = true;
            } catch (IOException e) {
                throw new TelemetryUnavailableException("Elasticsearch unreachable: " + e.getMessage(),
                        Duration.ofSeconds(5), e);
            }
        }
    }

    private boolean exists(IndexTemplate template) throws IOException {
        try {
            return client.performRequest(new Request("HEAD", "/_index_template/" + template.name()))
                    .getStatusLine().getStatusCode() == 200;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
