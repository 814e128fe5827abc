package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What another site's page can make a browser do to Opsplane, and how guessing passwords is slowed:
 * requests built as a hidden form, a "simple" fetch or a script would send them.
 */
class CrossSiteTest {

    private static final String EVIL = "https://evil.example";
    private static final String RULE_YAML = """
            name: %s
            kind: saga-failure-ratio
            sagaType: order-placement
            window: 15m
            threshold: 0.1
            for: 5m
            severity: critical
            """;
    private static OpsplaneInstance opsplane;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), OrderSaga.create().writeDefinition(Duration.ofMinutes(5)))
                .start();
        api = opsplane.api();
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    private static HttpResponse<String> post(ApiClient client, String path, String contentType, String body,
                                             String... headers) {
        HttpRequest.Builder request = client.request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build());
    }

    private static String detail(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        return ApiClient.JSON.readTree(response.body()).path("detail").asString();
    }

    @Test
    void formPostsFromAnotherSiteAreRefusedWithTheBrowsersRememberedCredentials() {
        // a hidden form on evil.example posting a rule as text/plain, which a browser sends without asking
        HttpResponse<String> upload = post(api, "/api/alert-rules", "text/plain", RULE_YAML.formatted("EvilRule"),
                "Origin", EVIL);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(403);
        assertThat(detail(upload)).isEqualTo("POST /api/alert-rules was sent by another origin's page; the API takes"
                + " writes from this console's own pages, scripts and tools only");
        assertThat(api.get("/api/alert-rules/EvilRule").statusCode()).as("no rule was stored").isEqualTo(404);

        HttpResponse<String> approve = post(api, "/api/actions/3/approve", "application/x-www-form-urlencoded",
                "reason=ok", "Origin", EVIL);
        assertThat(approve.statusCode()).isEqualTo(403);
        assertThat(detail(approve)).contains("another origin's page");

        // a browser that sends no Origin still says where the request comes from
        HttpResponse<String> fetched = post(api, "/api/alert-rules", "application/json", "{}", "Sec-Fetch-Site", "cross-site");
        assertThat(fetched.statusCode()).isEqualTo(403);
        assertThat(detail(fetched)).contains("Sec-Fetch-Site: cross-site");
        assertThat(post(api, "/api/alert-rules", "application/json", "{}", "Sec-Fetch-Site", "same-site").statusCode())
                .isEqualTo(403);
        assertThat(post(api, "/api/alert-rules", "application/json", "{}", "Origin", "null").statusCode()).isEqualTo(403);
    }

    @Test
    void writesNeedAJsonOrYamlBodyOrACustomHeader() {
        HttpResponse<String> textPlain = post(api, "/api/alert-rules", "text/plain", RULE_YAML.formatted("PlainRule"));
        assertThat(textPlain.statusCode()).isEqualTo(415);
        assertThat(detail(textPlain)).isEqualTo("POST /api/alert-rules needs a JSON or YAML body (Content-Type"
                + " application/json or application/yaml), not text/plain");
        assertThat(api.get("/api/alert-rules/PlainRule").statusCode()).isEqualTo(404);
        for (String formType : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain;charset=UTF-8"}) {
            assertThat(post(api, "/api/actions/3/approve", formType, "a=b").statusCode()).as(formType).isEqualTo(415);
        }
        HttpResponse<String> bare = post(api, "/api/actions/3/approve", null, "");
        assertThat(bare.statusCode()).isEqualTo(415);
        assertThat(detail(bare)).contains("or the header X-Requested-By");
        assertThat(post(api, "/api/actions/999999/approve", null, "", "X-Requested-By", "cli").statusCode())
                .as("past the filter, to the controller: no such action").isEqualTo(404);

        HttpResponse<String> yaml = post(api, "/api/alert-rules", "application/yaml", RULE_YAML.formatted("YamlRule"));
        assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(201);
        HttpResponse<String> changed = api.send(api.request("/api/alert-rules/YamlRule").header("Content-Type", "application/x-yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(RULE_YAML.formatted("YamlRule").replace("0.1", "0.2"))).build());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        // the console's own origin is welcome
        HttpResponse<String> own = post(api, "/api/alert-rules", "application/json",
                "{\"name\":\"OwnRule\",\"kind\":\"saga-failure-ratio\",\"sagaType\":\"order-placement\",\"window\":\"15m\","
                        + "\"threshold\":0.1,\"for\":\"5m\",\"severity\":\"critical\"}",
                "Origin", api.baseUrl(), "Sec-Fetch-Site", "same-origin");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    }

    @Test
    void aBrowserIsNeverAskedForBasicCredentials() {
        HttpResponse<String> response = api.anonymous().send(api.anonymous().request("/api/sagas")
                .header("Accept", "text/html,application/xhtml+xml").GET().build());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("www-authenticate")).isNotEmpty()
                .noneMatch(value -> value.regionMatches(true, 0, "Basic", 0, 5));
        HttpResponse<String> wrong = api.withCredentials(TestUsers.ADMIN, "wrong").get("/api/sagas");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().allValues("www-authenticate")).noneMatch(value -> value.regionMatches(true, 0, "Basic", 0, 5));
    }

    @Test
    void signingInNeedsTheLoginPagesCsrfToken() {
        Browser browser = new Browser();
        HttpResponse<String> forged = browser.signIn(TestUsers.ADMIN, TestUsers.password(TestUsers.ADMIN), null, "Origin", EVIL);
        // refused: back to the login page, not on to the console
        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(forged.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
        assertThat(browser.get("/").statusCode()).as("still signed out").isEqualTo(302);

        HttpResponse<String> signedIn = browser.signIn(TestUsers.ADMIN, TestUsers.password(TestUsers.ADMIN), browser.csrfToken());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("login"));
        assertThat(browser.get("/").statusCode()).as("signed in with the page's token").isEqualTo(200);
    }

    @Test
    void theSixthWrongPasswordOverBasicIsAnswered429AndSoIsTheRightOne() {
        ApiClient guesser = api.withCredentials(TestUsers.OPERATOR, "guess");
        for (int i = 1; i <= 5; i++) {
            assertThat(guesser.get("/api/sagas").statusCode()).as("guess " + i).isEqualTo(401);
        }
        HttpResponse<String> sixth = guesser.get("/api/sagas");
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("retry-after")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(detail(sixth)).startsWith("too many failed sign-ins; try again in ");
        HttpResponse<String> right = api.as(TestUsers.OPERATOR).get("/api/sagas");
        assertThat(right.statusCode()).as("the right password while locked out").isEqualTo(429);
        assertThat(api.as(TestUsers.ADMIN).get("/api/sagas").statusCode()).as("other users").isEqualTo(200);
    }

    @Test
    void theSixthWrongPasswordAtTheLoginFormIsAnswered429() {
        Browser browser = new Browser();
        String token = browser.csrfToken();
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> wrong = browser.signIn(TestUsers.VIEWER, "guess", token);
            assertThat(wrong.statusCode()).as("guess " + i).isEqualTo(302);
            assertThat(wrong.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).contains("error"));
        }
        HttpResponse<String> sixth = browser.signIn(TestUsers.VIEWER, "guess", token);
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("retry-after")).isPresent();
        assertThat(sixth.body()).contains("Too many failed sign-ins");
        assertThat(browser.signIn(TestUsers.VIEWER, TestUsers.password(TestUsers.VIEWER), token).statusCode())
                .as("the right password while locked out").isEqualTo(429);
    }

    /** A browser at the login page: its cookies, and the CSRF token the page carries. */
    private static final class Browser {
        private static final Pattern META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        String csrfToken() {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/login")).GET().build());
            Matcher token = META.matcher(page.body());
            assertThat(token.find()).as("the login page carries a CSRF token:\n" + page.body()).isTrue();
            return token.group(1);
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).header("Accept", "text/html").GET().build());
        }

        HttpResponse<String> signIn(String user, String password, String csrfToken, String... headers) {
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                    + (csrfToken == null ? "" : "&_csrf=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return send(request.build());
        }

        private HttpResponse<String> send(HttpRequest request) {
            return ApiClient.send(http, request);
        }
    }
}
