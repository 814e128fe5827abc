package io.opsplane.console.engines;

import java.util.Map;

import io.opsplane.console.telemetry.es.Elasticsearch;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The search cluster (Elasticsearch or OpenSearch) holding traces and logs. Not required: without it sagas are still
 * tracked and compensated, and OTLP answers 503 so exporters retry; health reports it as degraded.
 */
@Component
@Order(3)
class SearchProbe extends EngineProbe {

    private final Elasticsearch search;

    SearchProbe(Elasticsearch search) {
        super("search", false);
        this.search = search;
    }

    @Override
    Look look() {
        Elasticsearch.ClusterHealth health = search.clusterHealth();
        Map<String, Object> details = Map.of("cluster", health.clusterName(), "nodes", health.nodes(),
                "clusterStatus", health.status());
        if ("red".equals(health.status())) {
            return new Look(EngineStatus.DEGRADED, "the cluster is red: some indices have no primary shard", details);
        }
        return Look.up(details);
    }
}
