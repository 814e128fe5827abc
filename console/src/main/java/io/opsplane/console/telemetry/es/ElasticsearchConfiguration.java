package io.opsplane.console.telemetry.es;

import java.net.URI;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Elasticsearch low-level client, used only through {@link Elasticsearch}. Building them does not connect, so Opsplane starts (and its saga
 * features work) while Elasticsearch is down.
 */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(ElasticsearchProperties properties, ObjectProvider<SslBundles> sslBundles) {
        HttpHost[] hosts = properties.uris().stream().map(ElasticsearchConfiguration::host).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout((int) properties.connectTimeout().toMillis())
                        .setSocketTimeout((int) properties.socketTimeout().toMillis()));
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + properties.apiKey())});
        }
        builder.setHttpClientConfigCallback(client -> {
            if (properties.username() != null && !properties.username().isBlank()) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(AuthScope.ANY,
                        new UsernamePasswordCredentials(properties.username(), properties.password()));
                client.setDefaultCredentialsProvider(credentials);
            }
            if (properties.sslBundle() != null && !properties.sslBundle().isBlank()) {
                client.setSSLContext(sslBundles.getObject().getBundle(properties.sslBundle()).createSslContext());
            }
            // the receiver's bulk requests run concurrently: let them all have a connection
            return client.setMaxConnTotal(64).setMaxConnPerRoute(64);
        });
        return builder.build();
    }

    private static HttpHost host(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 9200;
        return new HttpHost(uri.getHost(), port, uri.getScheme() == null ? "http" : uri.getScheme());
    }
}
