package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The test JVM's Elasticsearch 8.19 node ({@link TestSearchEngine#elasticsearch()}), for the many tests written
 * against Elasticsearch alone. Tests keep apart by index prefix ({@link #uniquePrefix()}).
 */
public final class TestElasticsearch {

    private TestElasticsearch() {
    }

    /** The node's base URL, such as {@code http://127.0.0.1:40123}; starts the node on first use. */
    public static String url() {
        return TestSearchEngine.elasticsearch().url();
    }

    /** An index prefix no other test uses (lower case, as index names must be); like Jaeger's, it is joined to index names with a dash. */
    public static String uniquePrefix() {
        return TestSearchEngine.uniquePrefix();
    }

    /** An Elasticsearch URL nothing answers at (a port just free), for tests of Opsplane with Elasticsearch away. */
    public static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes what was written visible to searches now rather than within the next refresh interval. */
    public static void refresh() {
        TestSearchEngine.elasticsearch().refresh();
    }

    /** Sends a request to the node and answers the response body; fails on any status but 2xx. */
    public static String send(String method, String path, String jsonBody) {
        return TestSearchEngine.elasticsearch().send(method, path, jsonBody);
    }
}
