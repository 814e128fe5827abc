package io.opsplane.console.alerting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP receiver on loopback, as a team's webhook endpoint would be: it records every request
 * it answers and can be told to fail with a status code, or to stop listening altogether.
 */
public final class WebhookReceiver implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as it arrived, with the status it was answered with. */
    public record Received(Instant at, Map<String, String> headers, String body, int answered) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final List<Received> received = new ArrayList<>();
    private volatile int answer = 204;
    private HttpServer server;
    private int port;

    public WebhookReceiver() {
        start(0);
    }

    private void start(int wantedPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", wantedPort), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
        int status = answer;
        synchronized (received) {
            received.add(new Received(Instant.now(), headers, new String(body, StandardCharsets.UTF_8), status));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** From now on, answer every request with {@code status}. */
    void answer(int status) {
        this.answer = status;
    }

    /** Stops listening: senders meet a refused connection. */
    void down() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    void up() {
        start(port);
    }

    /** Every request so far, in arrival order. */
    List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The requests answered with success. */
    public List<Received> accepted() {
        return all().stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
