package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The attack of issue 11: a page on another site posts a hidden form to approve a pending compensation,
 * and the admin's browser adds the Basic credentials it remembered. The approval must not happen.
 */
class CrossSiteApprovalTest {

    private static CompensableOrderSaga saga;
    private static OpsplaneInstance opsplane;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        saga = CompensableOrderSaga.create();
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofSeconds(2),
                Duration.ofSeconds(20))).start();
        api = opsplane.api();
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    @Test
    void aFormPostedFromAnotherSiteDoesNotApproveAnAction() {
        HttpResponse<String> settings = api.send(api.request("/api/admin/compensation/settings")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"approvalThreshold\": 0, \"reason\": \"four-eyes for everything\"}"))
                .build());
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        String orderId = "cross-site-1";
        Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, List.of(saga.events.orderCreated(orderId, start),
                    saga.events.stockReserved(orderId, start.plusSeconds(1))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = api.getJson("/api/sagas?correlationKey=" + orderId).path("items");
            return !items.isEmpty() && items.get(0).path("status").asString().equals("STUCK");
        });
        long sagaId = api.getJson("/api/sagas?correlationKey=" + orderId).path("items").get(0).path("id").asLong();
        HttpResponse<String> requested = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"COMPENSATE\",\"reason\":\"customer cancelled by phone\"}");
        JsonNode action = ApiClient.JSON.readTree(requested.body());
        assertThat(action.path("status").asString()).as(requested.body()).isEqualTo("PENDING_APPROVAL");
        long actionId = action.path("id").asLong();

        // <form method=post action=".../approve"> on evil.example, submitted by script
        HttpResponse<String> forged = api.send(api.request("/api/actions/" + actionId + "/approve")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(forged.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(api.getJson("/api/actions/" + actionId).path("status").asString()).isEqualTo("PENDING_APPROVAL");

        // the same admin, from a script, still approves
        HttpResponse<String> approved = api.postJson("/api/actions/" + actionId + "/approve", "");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(ApiClient.JSON.readTree(approved.body()).path("approvedBy").asString()).isEqualTo(TestUsers.ADMIN);
    }
}
