package io.opsplane.console.telemetry.es;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;

/**
 * HTTP to the search engine's nodes, blocking: a request is sent and its answer read on the caller's own thread.
 * Requests come from Tomcat's platform threads ({@code web.PlatformRequestThreads}), where that costs one wake-up
 * per answer. The asynchronous REST client this replaced handed every answer from its I/O thread to the caller,
 * which on two busy cores cost trace by id 0.2–0.45 ms ({@code docs/benchmarks.md}).
 * Nodes are asked in turn; one that cannot be connected to is passed over for the next.
 */
final class NodeClient implements AutoCloseable {

    /** The largest answer held in memory, as Elasticsearch's REST client had it: beyond it, an error, not a heap. */
    static final int MAX_ANSWER_BYTES = 100 << 20;

    private final CloseableHttpClient http;
    private final List<HttpHost> nodes;
    private final int maxAnswerBytes;
    private final AtomicInteger turn = new AtomicInteger();

    NodeClient(CloseableHttpClient http, List<HttpHost> nodes, int maxAnswerBytes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no search node to talk to");
        }
        this.http = http;
        this.nodes = List.copyOf(nodes);
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** One request: method, path (indices and endpoint), query parameters and an optional body. */
    static final class Request {

        private final String method;
        private final String path;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private byte[] body;
        private ContentType type;

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Request parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        Request body(byte[] body, ContentType type) {
            this.body = body;
            this.type = type;
            return this;
        }

        private HttpUriRequest toHttp() {
            // form-encoded as URIBuilder.addParameter did, without parsing the path back out of a URI first
            StringBuilder target = new StringBuilder(path);
            char separator = '?';
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                target.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
            URI uri;
            try {
                uri = new URI(target.toString());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a path to send to the search engine: " + path, e);
            }
            RequestBuilder request = RequestBuilder.create(method).setUri(uri);
            if (body != null) {
                request.setEntity(new ByteArrayEntity(body, type));
            }
            return request.build();
        }
    }

    /** What a node answered: its status, its {@code Retry-After} (or null) and the whole body. */
    record Answer(int status, String reason, String retryAfter, byte[] body) {

        boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Sends {@code request} to the next node in turn, or to the one after it when that one cannot be connected to
     * (so it did nothing). Any status is an answer; an {@link IOException} means no node answered.
     */
    Answer send(Request request) throws IOException {
        int first = Math.floorMod(turn.getAndIncrement(), nodes.size());
        IOException unreachable = null;
        for (int i = 0; i < nodes.size(); i++) {
            HttpHost node = nodes.get((first + i) % nodes.size());
            try {
                return http.execute(node, request.toHttp(), this::answer);
            } catch (ConnectException | ConnectTimeoutException | UnknownHostException | NoRouteToHostException e) {
                if (unreachable == null) {
                    unreachable = e;
                } else {
                    unreachable.addSuppressed(e);
                }
            }
        }
        throw unreachable;
    }

    private Answer answer(HttpResponse response) throws IOException {
        Header retryAfter = response.getFirstHeader("Retry-After");
        return new Answer(response.getStatusLine().getStatusCode(), response.getStatusLine().getReasonPhrase(),
                retryAfter == null ? null : retryAfter.getValue(), body(response.getEntity()));
    }

    private byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > maxAnswerBytes) {
            throw tooLarge();
        }
        // not closed here: closing drains the rest, and a refused answer's connection is dropped instead
        InputStream in = entity.getContent();
        // grows with what arrives, whatever the answer says of its length
        byte[] body = in.readNBytes(maxAnswerBytes + 1);
        if (body.length > maxAnswerBytes) {
            throw tooLarge();
        }
        return body;
    }

    private IOException tooLarge() {
        return new IOException("the search engine's answer is larger than " + maxAnswerBytes + " bytes");
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
