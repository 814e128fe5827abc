package io.opsplane.console.telemetry.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.testing.TestElasticsearch;
import org.apache.http.HttpHost;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the search engine's nodes receive from Opsplane and what it makes of their answers: credentials on every
 * request, the next node when one cannot be reached, and no answer held beyond its limit.
 */
class NodeClientTest {

    private HttpServer standIn;
    /** The Authorization header of each request the stand-in received ("none" when absent). */
    private final Queue<String> authorizations = new ConcurrentLinkedQueue<>();
    private volatile byte[] standInBody = "{\"count\":3}".getBytes(StandardCharsets.UTF_8);
    /** The Content-Length the stand-in declares: its body's, or 0 for a chunked answer. */
    private volatile long declaredLength = -2;

    @BeforeEach
    void startStandIn() throws IOException {
        standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        standIn.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).replace("null",
                    "none"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = standInBody;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, declaredLength == -2 ? body.length : declaredLength);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException clientWentAway) {
                // the client refused the answer part-way, as it should
            }
        });
        standIn.start();
    }

    @AfterEach
    void stopStandIn() {
        standIn.stop(0);
    }

    private String standInUrl() {
        return "http://127.0.0.1:" + standIn.getAddress().getPort();
    }

    private static Elasticsearch elasticsearch(List<String> uris, String username, String password, String apiKey) {
        ElasticsearchProperties properties = new ElasticsearchProperties(uris.stream().map(URI::create).toList(),
                username, password, apiKey, null, Duration.ofSeconds(1), Duration.ofSeconds(5), null);
        return new Elasticsearch(new ElasticsearchConfiguration().searchNodeClient(properties, null),
                new SearchProperties(SearchBackend.ELASTICSEARCH));
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyRequestCarriesTheConfiguredCredentialsWithoutWaitingForAChallenge() {
        elasticsearch(List.of(standInUrl()), null, null, "a2V5OnNlY3JldA==").count("spans", JSON.createObjectNode());
        elasticsearch(List.of(standInUrl()), "opsplane", "pässword", null).count("spans", JSON.createObjectNode());
        elasticsearch(List.of(standInUrl()), null, null, null).count("spans", JSON.createObjectNode());

        assertThat(authorizations).containsExactly("ApiKey a2V5OnNlY3JldA==",
                "Basic " + Base64.getEncoder().encodeToString("opsplane:pässword".getBytes(StandardCharsets.UTF_8)),
                "none");
    }

    @Test
    void aNodeThatCannotBeReachedIsPassedOverForTheNext() {
        String prefix = TestElasticsearch.uniquePrefix();
        TestElasticsearch.send("POST", "/" + prefix + "-spans/_doc?refresh=true", "{\"service\":\"order\"}");
        Elasticsearch twoNodes = elasticsearch(List.of(TestElasticsearch.unreachableUrl(), TestElasticsearch.url()),
                null, null, null);

        // in turns, so both the away node and the live one come first at least once
        for (int request = 0; request < 4; request++) {
            assertThat(twoNodes.count(prefix + "-spans", JSON.createObjectNode())).as("request %d", request)
                    .isEqualTo(1);
        }
        Elasticsearch noNode = elasticsearch(List.of(TestElasticsearch.unreachableUrl()), null, null, null);
        assertThatThrownBy(() -> noNode.count(prefix + "-spans", JSON.createObjectNode()))
                .isInstanceOf(TelemetryUnavailableException.class).hasMessageStartingWith("Elasticsearch unreachable");
    }

    @Test
    void anAnswerBeyondTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() throws IOException {
        NodeClient client = new NodeClient(HttpClients.createDefault(),
                List.of(HttpHost.create(standInUrl())), 1024);
        standInBody = new byte[1024];
        assertThat(client.send(new NodeClient.Request("GET", "/")).body()).hasSize(1024);

        standInBody = new byte[4096];
        assertThatThrownBy(() -> client.send(new NodeClient.Request("GET", "/")))
                .isInstanceOf(IOException.class).hasMessage("the search engine's answer is larger than 1024 bytes");
        declaredLength = 0; // chunked: the limit holds by what arrives
        assertThatThrownBy(() -> client.send(new NodeClient.Request("GET", "/")))
                .isInstanceOf(IOException.class).hasMessage("the search engine's answer is larger than 1024 bytes");
        client.close();
    }
}
