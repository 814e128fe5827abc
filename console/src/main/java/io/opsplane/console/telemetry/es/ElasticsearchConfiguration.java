package io.opsplane.console.telemetry.es;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHeader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client to the search engine's nodes, used only through {@link Elasticsearch}. Building it does not
 * connect, so Opsplane starts (and its saga features work) while the search engine is down.
 */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    NodeClient searchNodeClient(ElasticsearchProperties properties, ObjectProvider<SslBundles> sslBundles) {
        List<HttpHost> nodes = properties.uris().stream().map(ElasticsearchConfiguration::host).toList();
        int connect = (int) properties.connectTimeout().toMillis();
        int answer = (int) properties.socketTimeout().toMillis();
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(connect).setSocketTimeout(answer)
                // waiting for a free connection counts like waiting for an answer, so a full pool ends in a 503 too
                .setConnectionRequestTimeout(answer).build();
        HttpClientBuilder http = HttpClients.custom().setDefaultRequestConfig(timeouts)
                .setDefaultHeaders(credentials(properties))
                // answers uncompressed, as the REST client asked for them: on a near node zipping is CPU for nothing
                .disableContentCompression()
                .disableCookieManagement()
                .disableRedirectHandling()
                // credentials go with every request (above), and no connection carries a user's state
                .disableAuthCaching()
                .disableConnectionState()
                // the receiver's bulk requests run concurrently: let them all have a connection
                .setMaxConnTotal(64).setMaxConnPerRoute(64);
        if (properties.sslBundle() != null && !properties.sslBundle().isBlank()) {
            http.setSSLContext(sslBundles.getObject().getBundle(properties.sslBundle()).createSslContext());
        }
        return new NodeClient(http.build(), nodes, NodeClient.MAX_ANSWER_BYTES);
    }

    /** An API key if one is set, else user and password, sent with every request rather than after a 401. */
    private static List<Header> credentials(ElasticsearchProperties properties) {
        List<Header> headers = new ArrayList<>(1);
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + properties.apiKey()));
        } else if (properties.username() != null && !properties.username().isBlank()) {
            String password = properties.password() == null ? "" : properties.password();
            headers.add(new BasicHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (properties.username() + ":" + password).getBytes(StandardCharsets.UTF_8))));
        }
        return headers;
    }

    private static HttpHost host(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 9200;
        return new HttpHost(uri.getHost(), port, uri.getScheme() == null ? "http" : uri.getScheme());
    }
}
