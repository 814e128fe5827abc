package io.opsplane.console.compensation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * POSTs commands to the owning service as structured CloudEvents ({@code application/cloudevents+json}), with
 * {@code Idempotency-Key}, {@code traceparent} and, when configured, {@code Authorization: Bearer} headers; over
 * HTTPS with the SSL bundle's key and trust material when {@code opsplane.compensation.http.ssl-bundle} is set
 * (mTLS). A 2xx answer means sent; 408, 425, 429, 5xx and network errors are tried again with backoff by the
 * relay; any other answer fails the command at once.
 */
@Component
class HttpCommands {

    private final CompensationProperties.Http settings;
    private final DestinationChecks destinations;
    private final HttpClient client;

    HttpCommands(CompensationProperties properties, DestinationChecks destinations, ObjectProvider<SslBundles> bundles) {
        this.settings = properties.getHttp();
        this.destinations = destinations;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.getSslBundle() != null && !settings.getSslBundle().isBlank()) {
            SslBundles available = bundles.getIfAvailable();
            if (available == null) {
                throw new IllegalStateException("opsplane.compensation.http.ssl-bundle is set but no SSL bundles are configured");
            }
            builder.sslContext(available.getBundle(settings.getSslBundle()).createSslContext());
        }
        this.client = builder.build();
    }

    SendResult send(OutboxRow row) {
        if (!destinations.allowed(row.url())) {
            return SendResult.refused(row.url() + " is not under opsplane.compensation.http.allowed-urls");
        }
        JsonNode envelope = CommandEnvelope.parse(row.envelope());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(row.url())).timeout(settings.getTimeout())
                .header("Content-Type", CommandEnvelope.CONTENT_TYPE)
                .header("Idempotency-Key", row.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(row.envelope()));
        String traceparent = envelope.path("traceparent").asString(null);
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        if (settings.getBearerToken() != null && !settings.getBearerToken().isBlank()) {
            request.header("Authorization", "Bearer " + settings.getBearerToken());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.SENT;
            }
            String error = "HTTP " + status + " from " + row.url() + ": " + abbreviate(response.body());
            return status == 408 || status == 425 || status == 429 || status >= 500 ? SendResult.retry(error)
                    : SendResult.refused(error);
        } catch (IOException e) {
            return SendResult.retry(row.url() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry("interrupted");
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
