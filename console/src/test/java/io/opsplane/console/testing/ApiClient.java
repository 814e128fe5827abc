package io.opsplane.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls an Opsplane instance's HTTP API as a script or another tool would. Every test that talks
 * HTTP to Opsplane goes through here, so how a caller identifies itself is decided in one place:
 * HTTP Basic as the admin unless told otherwise ({@link #as}, {@link #anonymous}); telemetry with
 * the exporters' API key ({@link #ingest}).
 */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    /** Redirects are not followed: a test sees a redirect to the login page as the browser would get it. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    /** The Authorization header's value, or null to send none. */
    private final String authorization;

    /** A client signed in as the test admin. */
    public ApiClient(String baseUrl) {
        this(baseUrl, basic(TestUsers.ADMIN, TestUsers.password(TestUsers.ADMIN)));
    }

    private ApiClient(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** The same API, signed in as one of the {@link TestUsers}. */
    public ApiClient as(String user) {
        return new ApiClient(baseUrl, basic(user, TestUsers.password(user)));
    }

    /** The same API with any user name and password, right or wrong. */
    public ApiClient withCredentials(String user, String password) {
        return new ApiClient(baseUrl, basic(user, password));
    }

    /** The same API as a telemetry exporter: the INGEST key of {@link TestUsers}, which only writes {@code /v1/*}. */
    public ApiClient ingest() {
        return withKey(TestUsers.INGEST_KEY.secret());
    }

    /** The same API with an API key ({@code Authorization: Bearer}), right or wrong. */
    public ApiClient withKey(String key) {
        return new ApiClient(baseUrl, "Bearer " + key);
    }

    /** The same API with no credentials at all. */
    public ApiClient anonymous() {
        return new ApiClient(baseUrl, null);
    }

    public String baseUrl() {
        return baseUrl;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET, answering the response whatever its status. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** GET that must answer 200 with JSON. */
    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET " + path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** POST of raw bytes with the given content type and extra headers, answering the response whatever its status. */
    public HttpResponse<byte[]> post(String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST of a JSON body, answering the response whatever its status. */
    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A request to {@code path} carrying whatever identifies this client. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /** Any request built from {@link #request}, answering the response whatever its status. */
    public HttpResponse<String> send(HttpRequest request) {
        return send(HTTP, request);
    }

    /** A request through a client of the test's own (one that keeps cookies, say), answering whatever its status. */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
