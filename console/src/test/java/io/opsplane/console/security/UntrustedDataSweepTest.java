package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.vaadin.flow.router.Route;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.Browser;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.ui.shell.LoginView;
import jakarta.annotation.security.RolesAllowed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Untrusted data reaches the console every way data does, and is neither run nor shown to those who may not
 * see it. A card number, an e-mail address and markup that would run script come in through a saga's payload and business
 * keys, span tags, span events and process tags, log bodies (text and structured) and attributes, dead
 * letters (value as text, as a CloudEvent's data_base64 and as binary bytes, key and headers), an operator
 * action's reason and command envelope, the audit trail, an alert's annotations and a silence's comment.
 * A VIEWER then reads every GET endpoint of the REST API (as its OpenAPI document lists them) and of the Jaeger
 * API and finds neither card nor address, in any encoding; an OPERATOR reading the same endpoints sees them, so
 * the sweep reads places the data really reached. Headless Chromium then opens every page of the console: as an
 * ADMIN no markup becomes an element and no script runs; as a VIEWER no card number or address shows.
 */
class UntrustedDataSweepTest {

    /** Counts in window.__xss when it runs: proof of execution a test can read (no quotes, so it sits in JSON as is). */
    private static final String MARKUP = "<img src=x onerror=window.__xss=(window.__xss||0)+1>";
    private static final String CARD = "4111111111111111";
    private static final String CARD_SPACED = "4111 1111 1111 1111";
    private static final String EMAIL = "jane.doe@example.com";
    /** A business key masked by its name through opsplane.security.masked-fields. */
    private static final String MEMBER = "m-secret-7731";
    /** The order id holds the customer's e-mail address and markup: a business key and correlation key. */
    private static final String ORDER = EMAIL + MARKUP;
    private static final List<String> SECRETS = List.of(CARD, CARD_SPACED, EMAIL, MEMBER);

    private static final OrderSaga SAGA = OrderSaga.create();
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static final Map<String, String> PATH_VALUES = new LinkedHashMap<>();

    @BeforeAll
    static void seed() throws Exception {
        TestKafka.createTopics(1, SAGA.inventory + "-commands");
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), SAGA.writeDefinition(Duration.ofSeconds(1)))
                .elasticsearch("masking-" + Long.toHexString(System.nanoTime()))
                .property("opsplane.stuck.scan-interval", "200ms")
                .property("opsplane.security.masked-fields", "cardNumber,phone,address,email,memberId")
                .start();
        api = opsplane.api();
        Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        String traceId = OrderEvents.traceIdOf(ORDER);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, List.of(orderCreated(start),
                    new OrderEvents(SAGA).stockReserved(ORDER, start.plusSeconds(1)),
                    deadLetter("{\"note\": \"card " + CARD_SPACED + " of " + EMAIL + MARKUP + "\"", null),
                    deadLetter("""
                            {"specversion":"1.0","id":"x-1","source":"/shop","type":"com.shop.note",
                             "datacontenttype":"text/plain","data_base64":"%s"}""".formatted(Base64.getEncoder()
                            .encodeToString(("card " + CARD + " for " + EMAIL).getBytes(StandardCharsets.UTF_8))), null),
                    deadLetter(null, binaryWith(CARD))));
        }
        export("/v1/traces", spans(traceId, start));
        export("/v1/logs", logs(traceId, start));
        // searchable now rather than at the next refresh: on a quick machine the sweep starts within a second
        TestElasticsearch.refresh();

        long sagaId = awaitSaga("STUCK").path("id").asLong();
        PATH_VALUES.put("/api/sagas/", String.valueOf(sagaId));
        PATH_VALUES.put("traceId", traceId);
        await("a dead letter for each bad record").atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/dead-letters").path("items").size() == 3);

        HttpResponse<String> rule = api.as(TestUsers.ADMIN).postJson("/api/alert-rules", """
                {"name": "Stuck", "kind": "saga-stuck", "interval": "1s",
                 "annotations": {"summary": "stuck: {{ .Samples }}"}}""");
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        PATH_VALUES.put("name", "Stuck");
        await("the stuck alert, naming the saga").atMost(Duration.ofSeconds(30)).until(() ->
                api.getJson("/api/alerts").toString().contains(EMAIL));
        PATH_VALUES.put("/api/alerts/", api.getJson("/api/alerts").get(0).path("id").asString());
        HttpResponse<String> silence = api.as(TestUsers.OPERATOR).postJson("/api/silences", """
                {"matchers": [{"name": "alertname", "value": "Stuck", "isRegex": false, "isEqual": true}],
                 "endsAt": "%s", "comment": "asked by %s %s"}""".formatted(Instant.now().plus(Duration.ofHours(1)), EMAIL,
                MARKUP));
        assertThat(silence.statusCode()).as(silence.body()).isEqualTo(201);
        PATH_VALUES.put("/api/silences/", ApiClient.JSON.readTree(silence.body()).path("id").asString());

        HttpResponse<String> action = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"COMPENSATE\",\"reason\":\"customer " + EMAIL + " paid with " + CARD_SPACED + MARKUP + "\"}");
        assertThat(action.statusCode()).as(action.body()).isIn(200, 201);
        PATH_VALUES.put("/api/actions/", ApiClient.JSON.readTree(action.body()).path("id").asString());
    }

    @AfterAll
    static void stop() {
        if (opsplane != null) {
            opsplane.close();
        }
    }

    @Test
    void aViewerFindsNeitherCardNumberNorEmailAddressOnAnyGetEndpoint() {
        List<String> leaks = new ArrayList<>();
        Map<String, String> seenByOperator = new LinkedHashMap<>();
        List<String> urls = getEndpoints();
        for (String url : urls) {
            HttpResponse<String> asViewer = api.as(TestUsers.VIEWER).get(url);
            assertThat(asViewer.statusCode()).as("GET " + url + " as a viewer: " + asViewer.body()).isLessThan(500);
            String found = secretIn(asViewer.body());
            if (found != null) {
                leaks.add("GET " + url + " shows a viewer " + found + ": " + abbreviated(asViewer.body()));
            }
            seenByOperator.put(url, api.as(TestUsers.OPERATOR).get(url).body());
        }
        assertThat(urls).as("endpoints read").hasSizeGreaterThan(30);
        assertThat(leaks).isEmpty();

        // the data is really there, for those who may see it
        String saga = "/api/sagas/" + PATH_VALUES.get("/api/sagas/");
        assertThat(seenByOperator.get(saga)).contains(CARD_SPACED, EMAIL, MEMBER);
        assertThat(seenByOperator.get(saga + "/traces?full=true")).contains(EMAIL, CARD_SPACED);
        assertThat(seenByOperator.get(saga + "/logs")).contains(CARD);
        assertThat(seenByOperator.get(saga + "/actions")).contains(EMAIL);
        assertThat(seenByOperator.get("/jaeger/api/traces/" + PATH_VALUES.get("traceId"))).contains(CARD, EMAIL);
        assertThat(seenByOperator.get("/api/dead-letters")).contains(EMAIL);
        assertThat(seenByOperator.get("/api/audit")).contains(EMAIL);
        assertThat(seenByOperator.get("/api/alerts")).contains(EMAIL);
        assertThat(seenByOperator.get("/api/silences")).contains(EMAIL);
    }

    @Test
    void aViewerStillSeesWhatIsNotPersonal() {
        JsonNode saga = api.as(TestUsers.VIEWER).getJson("/api/sagas/" + PATH_VALUES.get("/api/sagas/"));
        JsonNode created = saga.path("events").get(0).path("payload");
        assertThat(created.path("note").asString()).isEqualTo("paid with ****1111 by [masked] " + MARKUP);
        assertThat(created.path("customer").path("email").asString()).isEqualTo(Masking.MASK);
        assertThat(saga.path("saga").path("correlationKey").asString()).isEqualTo("[masked]" + MARKUP);
        assertThat(saga.path("saga").path("businessKeys").path("memberId").asString()).isEqualTo(Masking.MASK);
        assertThat(created.path("amount").asDouble()).isEqualTo(42.5);
        // trace ids stay links, whatever digits they happen to have
        assertThat(saga.path("saga").path("traceIds").toString()).contains(PATH_VALUES.get("traceId"));

        JsonNode letters = api.as(TestUsers.VIEWER).getJson("/api/dead-letters").path("items");
        assertThat(letters.findValuesAsString("keyText")).contains("[masked]");
        JsonNode cloudEvent = ApiClient.JSON.readTree(letters.findValuesAsString("valueText").stream()
                .filter(text -> text.contains("data_base64")).findFirst().orElseThrow());
        assertThat(new String(Base64.getDecoder().decode(cloudEvent.path("data_base64").asString()),
                StandardCharsets.UTF_8)).isEqualTo("card ****1111 for [masked]");
    }

    @Test
    void everyPageShowsUntrustedDataAsTextAndAViewerNoPersonalData() {
        List<Page> pages = pages();
        assertThat(pages.stream().map(Page::path)).as("pages").contains("/", "/sagas", "/logs", "/audit", "/alerts");
        List<String> problems = new ArrayList<>();
        try (Browser admin = Browser.open(opsplane.baseUrl()); Browser viewer = Browser.open(opsplane.baseUrl())) {
            admin.get("/").signIn(TestUsers.ADMIN);
            viewer.get("/").signIn(TestUsers.VIEWER);
            for (Page each : pages) {
                String page = each.path();
                admin.get(page).awaitPageSettled();
                Object elements = admin.js("return document.querySelectorAll('img[src=\"x\"]').length;");
                Object ran = admin.js("return window.__xss === undefined ? 0 : window.__xss;");
                if (!Long.valueOf(0).equals(elements) || !Long.valueOf(0).equals(ran)) {
                    problems.add(page + " as an ADMIN: " + elements + " markup elements, script ran " + ran + " times");
                }
                if (!each.viewerMayOpen()) {
                    continue;
                }
                viewer.get(page).awaitPageSettled();
                String shown = viewer.pageText() + "\n" + viewer.js("return document.body.innerHTML;");
                if (SHOWS_SEEDED_DATA.stream().anyMatch(page::startsWith) && !(shown.contains("****1111")
                        || shown.contains(Masking.MASKED_VALUE) || shown.contains(Masking.MASK))) {
                    problems.add(page + " shows a VIEWER no masked data: did the page fail to read it?");
                }
                for (String secret : SECRETS) {
                    if (shown.contains(secret)) {
                        problems.add(page + " shows a VIEWER " + secret);
                    }
                }
            }
            // the sweep saw the data: the saga page shows the admin the markup as text
            admin.get("/sagas/" + PATH_VALUES.get("/api/sagas/")).awaitPageSettled();
            assertThat(admin.pageText()).contains(MARKUP, CARD_SPACED);
        }
        assertThat(problems).isEmpty();
    }

    /** Pages that show the seeded data: a VIEWER must see it there, masked (not an error instead). */
    private static final List<String> SHOWS_SEEDED_DATA = List.of("/sagas", "/traces/", "/logs", "/audit",
            "/alerts/silences");

    private record Page(String path, boolean viewerMayOpen) {
    }

    /** Every view of the console (its @Route classes), path parameters filled with the seeded saga and trace. */
    private static List<Page> pages() {
        List<Page> pages = new ArrayList<>();
        for (JavaClass view : new ClassFileImporter().importPackages("io.opsplane.console.ui")) {
            Route route = view.isAnnotatedWith(Route.class) ? view.reflect().getAnnotation(Route.class) : null;
            if (route == null || route.value().equals(LoginView.PATH)) {
                continue;
            }
            RolesAllowed roles = view.reflect().getAnnotation(RolesAllowed.class);
            pages.add(new Page("/" + route.value().replace(":id", PATH_VALUES.get("/api/sagas/"))
                    .replace(":traceId", PATH_VALUES.get("traceId")),
                    roles == null || List.of(roles.value()).contains(Role.VIEWER.name())));
        }
        return pages;
    }

    /** Every GET of the OpenAPI document with its path variables filled, plus the Jaeger API's. */
    private static List<String> getEndpoints() {
        List<String> urls = new ArrayList<>();
        JsonNode paths = api.getJson("/v3/api-docs").path("paths");
        for (var path : paths.properties()) {
            if (path.getValue().path("get").isMissingNode()) {
                continue;
            }
            String url = fill(path.getKey());
            boolean requiredQuery = false;
            for (JsonNode parameter : path.getValue().path("get").path("parameters")) {
                requiredQuery |= parameter.path("in").asString().equals("query") && parameter.path("required").asBoolean();
            }
            if (url != null && !requiredQuery) {
                urls.add(url);
            }
        }
        String traceId = PATH_VALUES.get("traceId");
        urls.add("/api/sagas/" + PATH_VALUES.get("/api/sagas/") + "/traces?full=true");
        urls.add("/api/logs?q=" + CARD.substring(0, 4));
        urls.add("/jaeger/api/services");
        urls.add("/jaeger/api/traces?service=payment-service&lookback=2h");
        urls.add("/jaeger/api/traces/" + traceId);
        urls.add("/jaeger/api/traces?traceID=" + traceId);
        return urls;
    }

    private static String fill(String template) {
        String url = template.replace("{traceId}", PATH_VALUES.get("traceId")).replace("{name}", PATH_VALUES.get("name"));
        for (var owner : PATH_VALUES.entrySet()) {
            if (owner.getKey().startsWith("/") && url.startsWith(owner.getKey() + "{id}")) {
                url = url.replace("{id}", owner.getValue());
            }
        }
        // bulk jobs: none here; their id is tried anyway (a 404 shows nothing)
        url = url.replace("{id}", "1");
        return url.contains("{") ? null : url;
    }

    /** The first secret a body shows, as text or base64-encoded bytes in any JSON string it holds. */
    private static String secretIn(String body) {
        for (String secret : SECRETS) {
            if (body.contains(secret)) {
                return secret;
            }
        }
        if (!body.startsWith("{") && !body.startsWith("[")) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        collectStrings(ApiClient.JSON.readTree(body), texts);
        for (String text : texts) {
            try {
                String decoded = new String(Base64.getDecoder().decode(text), StandardCharsets.ISO_8859_1);
                for (String secret : SECRETS) {
                    if (decoded.contains(secret)) {
                        return secret + " (base64)";
                    }
                }
            } catch (IllegalArgumentException notBase64) {
                // plain text, checked above
            }
        }
        return null;
    }

    private static void collectStrings(JsonNode node, List<String> into) {
        if (node.isString()) {
            into.add(node.asString());
        }
        node.forEach(child -> collectStrings(child, into));
    }

    private static JsonNode awaitSaga(String status) {
        await("saga " + status).atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = api.getJson("/api/sagas?correlationKey=" + encode(ORDER)).path("items");
            return items.size() == 1 && items.get(0).path("status").asString().equals(status);
        });
        return api.getJson("/api/sagas?correlationKey=" + encode(ORDER)).path("items").get(0);
    }

    private static ProducerRecord<byte[], byte[]> orderCreated(Instant at) {
        String event = """
                {"specversion":"1.0","id":"created-masking","source":"/order-service","type":"com.shop.order.created",
                 "time":"%s","datacontenttype":"application/json","data":{"orderId":"%s","memberId":"%s",
                 "amount":42.5,"customer":{"email":"%s"},"note":"paid with %s by %s %s"}}""".formatted(
                at, ORDER, MEMBER, EMAIL, CARD_SPACED, EMAIL, MARKUP);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(SAGA.orders, OrderEvents.bytes(ORDER),
                OrderEvents.bytes(event));
        record.headers().add("content-type", OrderEvents.bytes("application/cloudevents+json"));
        record.headers().add("traceparent", OrderEvents.bytes("00-" + OrderEvents.traceIdOf(ORDER)
                + "-00f067aa0ba902b7-01"));
        return record;
    }

    /** A record the console cannot read, keyed by the e-mail address, with it in a header too. */
    private static ProducerRecord<byte[], byte[]> deadLetter(String text, byte[] bytes) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(SAGA.orders, OrderEvents.bytes(EMAIL),
                bytes != null ? bytes : OrderEvents.bytes(text));
        record.headers().add("customer-contact", OrderEvents.bytes(EMAIL));
        record.headers().add("content-type", OrderEvents.bytes(text != null && text.contains("specversion")
                ? "application/cloudevents+json" : "application/json"));
        return record;
    }

    /** Bytes that are not UTF-8 (as protobuf or Avro would be) with a card number inside. */
    private static byte[] binaryWith(String card) {
        byte[] digits = card.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[digits.length + 4];
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xfe;
        bytes[2] = 0x12;
        bytes[3] = (byte) digits.length;
        System.arraycopy(digits, 0, bytes, 4, digits.length);
        return bytes;
    }

    private static byte[] spans(String traceId, Instant at) {
        String start = nanos(at.plusMillis(2000));
        String end = nanos(at.plusMillis(2300));
        return """
                {"resourceSpans":[{"resource":{"attributes":[
                  {"key":"service.name","value":{"stringValue":"payment-service"}},
                  {"key":"customer.contact","value":{"stringValue":"%s"}}]},
                 "scopeSpans":[{"scope":{"name":"shop"},"spans":[{"traceId":"%s","spanId":"00f067aa0ba902b7",
                  "name":"POST /charges%s","kind":3,"startTimeUnixNano":"%s","endTimeUnixNano":"%s",
                  "attributes":[{"key":"enduser.email","value":{"stringValue":"%s"}},
                                {"key":"payment.card","value":{"stringValue":"%s"}}],
                  "events":[{"timeUnixNano":"%s","name":"charged",
                    "attributes":[{"key":"detail","value":{"stringValue":"card %s"}}]}]}]}]}]}"""
                .formatted(EMAIL, traceId, MARKUP, start, end, EMAIL, CARD, start, CARD_SPACED).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] logs(String traceId, Instant at) {
        return """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"payment-service"}}]},
                 "scopeLogs":[{"scope":{"name":"shop"},"logRecords":[
                  {"timeUnixNano":"%s","severityNumber":9,"severityText":"INFO","traceId":"%s","spanId":"00f067aa0ba902b7",
                   "body":{"stringValue":"charged card %s for %s%s"},
                   "attributes":[{"key":"enduser.email","value":{"stringValue":"%s"}}]},
                  {"timeUnixNano":"%s","severityNumber":9,"severityText":"INFO","traceId":"%s","spanId":"00f067aa0ba902b7",
                   "body":{"kvlistValue":{"values":[{"key":"cardNumber","value":{"stringValue":"%s"}},
                     {"key":"message","value":{"stringValue":"receipt sent to %s"}}]}}}]}]}]}"""
                .formatted(nanos(at.plusMillis(2100)), traceId, CARD, EMAIL, MARKUP, EMAIL, nanos(at.plusMillis(2200)), traceId,
                        CARD, EMAIL).getBytes(StandardCharsets.UTF_8);
    }

    private static void export(String path, byte[] body) {
        HttpResponse<byte[]> response = api.ingest().post(path, "application/json", body, Map.of());
        String answer = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(path + ": " + answer).isEqualTo(200);
        assertThat(answer).as(path).doesNotContain("rejected");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String nanos(Instant at) {
        return String.valueOf(ChronoUnit.NANOS.between(Instant.EPOCH, at));
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
