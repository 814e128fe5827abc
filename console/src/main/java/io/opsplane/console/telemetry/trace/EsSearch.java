package io.opsplane.console.telemetry.trace;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import io.opsplane.console.telemetry.TelemetryUnavailableException;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Searches over the low-level client; Elasticsearch being away becomes {@link TelemetryUnavailableException}. */
@Component
class EsSearch {

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final RestClient client;

    EsSearch(RestClient client) {
        this.client = client;
    }

    /** A search over {@code targets} (comma-separated names or patterns); missing indices count as empty. */
    JsonNode search(String targets, ObjectNode body) {
        Request request = new Request("POST", "/" + targets + "/_search");
        request.addParameter("ignore_unavailable", "true");
        request.addParameter("allow_no_indices", "true");
        request.setEntity(new NByteArrayEntity(SpanDocuments.JSON.writeValueAsBytes(body),
                ContentType.APPLICATION_JSON));
        try {
            Response response = client.performRequest(request);
            try (InputStream in = response.getEntity().getContent()) {
                return SpanDocuments.JSON.readTree(in);
            }
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == 400) {
                // what the caller asked for cannot be run (such as a tag value that is no valid pattern)
                throw new IllegalArgumentException("Elasticsearch refused the search: " + reason(e));
            }
            throw new TelemetryUnavailableException("Elasticsearch refused the search (" + status + ")", RETRY, e);
        } catch (IOException e) {
            throw new TelemetryUnavailableException("Elasticsearch unreachable: " + e.getMessage(), RETRY, e);
        }
    }

    private static String reason(ResponseException e) {
        try (InputStream in = e.getResponse().getEntity().getContent()) {
            JsonNode error = SpanDocuments.JSON.readTree(in).path("error");
            JsonNode cause = error.path("root_cause").path(0);
            return (cause.isMissingNode() ? error : cause).path("reason").asString(e.getMessage());
        } catch (IOException | RuntimeException unreadable) {
            return e.getMessage();
        }
    }
}
