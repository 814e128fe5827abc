package io.opsplane.console.compensation;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

import io.opsplane.support.outbound.PinnedHttpClient;
import io.opsplane.support.outbound.RefusedAddressException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * POSTs commands to the owning service as structured CloudEvents ({@code application/cloudevents+json}), with
 * {@code Idempotency-Key}, {@code traceparent} and, when configured, {@code Authorization: Bearer} headers; over
 * HTTPS with the SSL bundle's key and trust material when {@code opsplane.compensation.http.ssl-bundle} is set
 * (mTLS). A 2xx answer means sent; 408, 425, 429, 5xx and network errors are tried again with backoff by the
 * relay; any other answer fails the command at once. The host is resolved once per connection and vetted by
 * {@link DestinationChecks#addresses}, and the connection goes to exactly those addresses (see
 * {@link PinnedHttpClient} for why not the JDK client), over HTTP/1.1 without upgrade headers or redirects.
 */
@Component
class HttpCommands implements AutoCloseable {

    private final CompensationProperties.Http settings;
    private final List<String> propagation;
    private final DestinationChecks destinations;
    private final PinnedHttpClient client;

    @Autowired
    HttpCommands(CompensationProperties properties, DestinationChecks destinations, ObjectProvider<SslBundles> bundles) {
        this(properties, destinations, sslContext(properties.http(), bundles));
    }

    HttpCommands(CompensationProperties properties, DestinationChecks destinations, SSLContext sslContext) {
        this.settings = properties.http();
        this.propagation = properties.propagation();
        this.destinations = destinations;
        this.client = new PinnedHttpClient(destinations::addresses, settings.connectTimeout(), sslContext);
    }

    private static SSLContext sslContext(CompensationProperties.Http settings, ObjectProvider<SslBundles> bundles) {
        if (settings.sslBundle() == null || settings.sslBundle().isBlank()) {
            return null;
        }
        SslBundles available = bundles.getIfAvailable();
        if (available == null) {
            throw new IllegalStateException("opsplane.compensation.http.ssl-bundle is set but no SSL bundles are configured");
        }
        return available.getBundle(settings.sslBundle()).createSslContext();
    }

    SendResult send(OutboxRow row) {
        if (!destinations.allowed(row.url())) {
            return SendResult.refused(row.url() + " is not under opsplane.compensation.http.allowed-urls");
        }
        JsonNode envelope = CommandEnvelope.parse(row.envelope());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CommandEnvelope.CONTENT_TYPE);
        headers.put("Idempotency-Key", row.idempotencyKey());
        headers.putAll(TraceHeaders.of(envelope.path("traceparent").asString(null), propagation));
        if (settings.bearerToken() != null && !settings.bearerToken().isBlank()) {
            headers.put("Authorization", "Bearer " + settings.bearerToken());
        }
        try {
            PinnedHttpClient.Response response = client.post(URI.create(row.url()), headers,
                    row.envelope().getBytes(StandardCharsets.UTF_8), settings.timeout());
            int status = response.status();
            if (status >= 200 && status < 300) {
                return SendResult.SENT;
            }
            String error = "HTTP " + status + " from " + row.url() + ": " + abbreviate(response.body());
            return status == 408 || status == 425 || status == 429 || status >= 500 ? SendResult.retry(error)
                    : SendResult.refused(error);
        } catch (RefusedAddressException e) {
            return SendResult.refused("refused: " + e.getMessage());
        } catch (IOException e) {
            return SendResult.retry(Thread.currentThread().isInterrupted() ? "interrupted" : row.url() + ": " + e);
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
