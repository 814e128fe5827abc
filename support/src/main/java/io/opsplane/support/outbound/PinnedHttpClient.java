package io.opsplane.support.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs to a URL whose host may be named by someone else (a receiver URL, a saga definition), connecting only
 * to addresses that were vetted.
 * <p>
 * Why Apache HttpClient 5 (classic) and not the JDK's {@code java.net.http.HttpClient}: the JDK client
 * resolves the host itself when it connects, so a check made beforehand on the name (or on one resolution of
 * it) can be undone by a second, different DNS answer (rebinding to 169.254.169.254). The JDK client has no
 * per-client resolver hook, refuses a {@code Host} header (so sending to the IP literal is not an option, and it
 * would break TLS SNI and certificate checks), and its global resolver SPI would affect every lookup in the JVM.
 * Apache's {@link DnsResolver} hook is per client: the connection operator asks it once per new connection
 * and connects to exactly the addresses it returns, while TLS still uses the URL's host name for SNI and for
 * checking the certificate. The {@code vetted} resolver given here resolves once and refuses (by throwing)
 * before any connection is attempted. The classic client speaks HTTP/1.1 only; protocol upgrade
 * ({@code Upgrade:} headers), redirects, automatic retries, cookies, compression and system proxies are off.
 */
public final class PinnedHttpClient implements AutoCloseable {

    /** What a server answered: the status, headers (first value, case-insensitive) and the body's start. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** Bytes of a response body kept for error messages; the rest is not read. */
    private static final int BODY_LIMIT = 16 * 1024;

    private final CloseableHttpClient client;
    private final Duration connectTimeout;
    /** Cancels exchanges that outlive their deadline: read timeouts alone let a server trickle bytes forever. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbound-http-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param vetted resolves a host once and answers only addresses that may be connected to, or throws
     *               ({@link RefusedAddressException} for a refused one); asked for every new connection
     * @param sslContext key and trust material for HTTPS, or null for the JVM's default
     */
    public PinnedHttpClient(HostResolver vetted, Duration connectTimeout, SSLContext sslContext) {
        this.connectTimeout = connectTimeout;
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return vetted.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                // never asked for by this client (no Kerberos/SPNEGO); answering without a lookup keeps it single
                return host;
            }
        };
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setTlsSocketStrategy(sslContext == null ? DefaultClientTlsStrategy.createDefault()
                                : new DefaultClientTlsStrategy(sslContext))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout)).build())
                        .setMaxConnPerRoute(8)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .build();
    }

    /**
     * POSTs {@code body} with {@code headers}; {@code timeout} bounds waiting for a free connection and each read
     * of the answer, and the whole exchange is cancelled after the connect timeout plus {@code timeout}. A refused
     * address throws {@link RefusedAddressException} with nothing sent.
     */
    public Response post(URI url, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setConfig(RequestConfig.custom()
                .setProtocolUpgradeEnabled(false)
                .setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .build());
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, null));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, connectTimeout.plus(timeout).toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return client.execute(post, response -> {
                Map<String, String> answered = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header header : response.getHeaders()) {
                    answered.putIfAbsent(header.getName(), header.getValue());
                }
                return new Response(response.getCode(), Collections.unmodifiableMap(answered),
                        start(response.getEntity()));
            });
        } finally {
            deadline.cancel(false);
        }
    }

    private static String start(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            return new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
