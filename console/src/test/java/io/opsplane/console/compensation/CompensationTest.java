package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.opsplane.console.compensation.audit.OperatorActionRecorded;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import tools.jackson.databind.JsonNode;

/**
 * Operator actions end to end on real Kafka and PostgreSQL: a stand-in service consumes the commands and answers
 * with the outcome events, which reach Opsplane through its normal ingestion.
 */
class CompensationTest {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration UNDO_TIMEOUT = Duration.ofSeconds(6);

    private static TestPostgres.RoleDatabase database;
    private static CompensableOrderSaga saga;
    private static String definitions;
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    @AutoClose
    private static CommandService service;
    private static final List<OperatorActionRecorded> announced = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        saga = CompensableOrderSaga.create();
        definitions = saga.writeDefinition(STEP_TIMEOUT, UNDO_TIMEOUT);
        // the console as deployed: a database role that may only append to the audit log
        database = TestPostgres.newDatabaseWithRoles();
        opsplane = instance(database, true).start();
        opsplane.onEvent(OperatorActionRecorded.class, announced::add);
        api = opsplane.api();
        service = new CommandService(saga, orderId -> orderId.startsWith("silent-"));
    }

    private static OpsplaneInstance.Builder instance(TestPostgres.RoleDatabase database, boolean relay) {
        return OpsplaneInstance.on(database, definitions)
                .property("opsplane.compensation.verify-interval", "300ms")
                .property("opsplane.compensation.relay.enabled", relay)
                // every single action here goes ahead without a second operator; four-eyes is tested on its own
                .property("opsplane.compensation.default-outcome-timeout", "10s");
    }

    /** A saga that reserved stock and took payment, then got stuck waiting for the order's confirmation. */
    private static long stuckAfterPayment(OpsplaneInstance on, String orderId) {
        Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(List.of(saga.events.orderCreated(orderId, start),
                saga.events.stockReserved(orderId, start.plusSeconds(1)),
                saga.events.paymentCompleted(orderId, start.plusSeconds(2))));
        return awaitStatus(on.api(), orderId, "STUCK");
    }

    private static long awaitStatus(ApiClient client, String orderId, String status) {
        await(orderId + " " + status).atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = client.getJson("/api/sagas?correlationKey=" + orderId).path("items");
            return items.size() == 1 && items.get(0).path("status").asString().equals(status);
        });
        return client.getJson("/api/sagas?correlationKey=" + orderId).path("items").get(0).path("id").asLong();
    }

    private static JsonNode awaitAction(ApiClient client, long actionId, String status) {
        await("action " + actionId + " " + status).atMost(Duration.ofSeconds(30)).until(() ->
                client.getJson("/api/actions/" + actionId).path("status").asString().equals(status));
        return client.getJson("/api/actions/" + actionId);
    }

    /**
     * A saga whose inventory reserved the stock but whose StockReserved was lost: it waits at reserve-stock, past the
     * definition's default step timeout (10 min), and is stuck.
     */
    private long stuckWithStockReservedLost(String orderId) {
        Instant start = Instant.now().minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(List.of(saga.events.orderCreated(orderId, start)));
        return awaitStatus(api, orderId, "STUCK");
    }

    /** What an operator would be shown before confirming an action of {@code kind} on the saga. */
    private JsonNode preview(long sagaId, String kind) {
        return ApiClient.JSON.readTree(api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions/preview",
                "{\"kind\":\"" + kind + "\"}").body());
    }

    /** The preview of an action the definition allows on the saga. */
    private JsonNode allowedPreview(long sagaId, String kind) {
        JsonNode preview = preview(sagaId, kind);
        assertThat(preview.path("allowed").asBoolean()).as(preview.toString()).isTrue();
        return preview;
    }

    private static String compensate(String reason) {
        return "{\"kind\":\"COMPENSATE\",\"reason\":\"" + reason + "\"}";
    }

    @Test
    void compensatingAStuckSagaSendsEachUndoOnceInReverseOrderAndEndsCompensated() {
        long sagaId = stuckAfterPayment(opsplane, "o-comp-1");
        ApiClient operator = api.as(TestUsers.OPERATOR);

        JsonNode preview = allowedPreview(sagaId, "COMPENSATE");
        assertThat(preview.path("commands").findValuesAsString("commandType")).containsExactly("RefundPayment", "ReleaseStock");
        assertThat(preview.path("commands").findValuesAsString("idempotencyKey")).containsExactly(
                "order-placement/o-comp-1/charge-payment/compensate/1", "order-placement/o-comp-1/reserve-stock/compensate/1");
        JsonNode firstEnvelope = preview.path("commands").get(0).path("envelope");
        assertThat(firstEnvelope.path("data").path("orderId").asString()).isEqualTo("o-comp-1");
        assertThat(firstEnvelope.path("data").path("paymentId").asString()).isEqualTo("p-o-comp-1");

        JsonNode dryRun = ApiClient.JSON.readTree(operator.postJson("/api/sagas/" + sagaId + "/actions/dry-run",
                "{\"kind\":\"COMPENSATE\"}").body());
        assertThat(dryRun.path("ok").asBoolean()).as(dryRun.toString()).isTrue();
        assertThat(dryRun.path("checks").findValuesAsString("name")).contains("saga state",
                "topic " + saga.paymentCommands, "topic " + saga.inventoryCommands);
        assertThat(service.receivedFor("o-comp-1")).as("a preview and a dry run send nothing").isEmpty();

        HttpResponse<String> confirmed = operator.postJson("/api/sagas/" + sagaId + "/actions",
                compensate("payment provider down, order abandoned"));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
        long actionId = ApiClient.JSON.readTree(confirmed.body()).path("id").asLong();

        JsonNode action = awaitAction(api, actionId, "VERIFIED");
        awaitStatus(api, "o-comp-1", "COMPENSATED");
        List<CommandService.Received> commands = service.receivedFor("o-comp-1");
        assertThat(commands).extracting(CommandService.Received::type).containsExactly("RefundPayment", "ReleaseStock");
        assertThat(commands).extracting(CommandService.Received::topic)
                .containsExactly(saga.paymentCommands, saga.inventoryCommands);
        CommandService.Received refund = commands.getFirst();
        assertThat(refund.idempotencyKey()).isEqualTo("order-placement/o-comp-1/charge-payment/compensate/1")
                .isEqualTo(refund.headerKey());
        assertThat(refund.key()).isEqualTo("o-comp-1");
        assertThat(refund.contentType()).startsWith("application/cloudevents+json");
        assertThat(refund.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .contains(OrderEvents.traceIdOf("o-comp-1"));
        assertThat(refund.envelope().path("specversion").asString()).isEqualTo("1.0");
        assertThat(refund.envelope().path("subject").asString()).isEqualTo("order-placement/o-comp-1");
        assertThat(refund.envelope().path("data").path("opsplane").path("sagaId").asLong()).isEqualTo(sagaId);
        // exactly what the preview showed, apart from the time it was decided
        JsonNode sent = refund.envelope().deepCopy();
        ((tools.jackson.databind.node.ObjectNode) sent).remove("time");
        JsonNode previewed = firstEnvelope.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) previewed).remove("time");
        assertThat(sent).isEqualTo(previewed);

        assertThat(action.path("outcome").asString()).contains("RefundPayment → PaymentRefunded observed",
                "ReleaseStock → StockReleased observed");
        assertThat(action.path("items").findValuesAsString("state")).containsExactly("VERIFIED", "VERIFIED");

        JsonNode audit = api.getJson("/api/audit?sagaId=" + sagaId).path("items");
        assertThat(audit.valueStream().map(e -> e.path("action").asString()).toList())
                .containsExactly("ACTION_VERIFIED", "ACTION_REQUESTED");
        // by the order id as well, as an operator knows the saga
        assertThat(api.getJson("/api/audit?sagaKey=o-comp-1").path("items")).isEqualTo(audit);
        assertThat(api.getJson("/api/audit?sagaKey=o-nobody").path("items")).isEmpty();
        JsonNode requested = audit.get(1);
        assertThat(requested.path("actor").asString()).isEqualTo(TestUsers.OPERATOR);
        assertThat(requested.path("reason").asString()).isEqualTo("payment provider down, order abandoned");
        assertThat(requested.path("commands").findValuesAsString("idempotencyKey")).hasSize(2);
        await("announced after commit").atMost(Duration.ofSeconds(5)).until(() -> announced.stream()
                .filter(a -> a.entry().actionId() != null && a.entry().actionId() == actionId).count() == 2);

        // and afterwards: the saga is compensated, so a new compensation is refused, the old one is the answer
        HttpResponse<String> again = operator.postJson("/api/sagas/" + sagaId + "/actions", compensate("again"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(ApiClient.JSON.readTree(again.body()).path("id").asLong()).isEqualTo(actionId);
        assertThat(service.receivedFor("o-comp-1")).hasSize(2);
    }

    @Test
    void aStepWhoseCompletionNeverArrivedIsCompensatedInCaseWhereTheDefinitionAllowsIt() {
        long sagaId = stuckWithStockReservedLost("o-lost-1");
        ApiClient operator = api.as(TestUsers.OPERATOR);

        JsonNode preview = allowedPreview(sagaId, "COMPENSATE");
        assertThat(preview.path("commands").findValuesAsString("commandType")).containsExactly("ReleaseStock");
        assertThat(preview.path("commands").get(0).path("note").asString()).isEqualTo("in case: StockReserved never "
                + "arrived, so whether inventory did reserve-stock is unknown; inventory answers StockReleased whether "
                + "there was anything to undo or not");

        HttpResponse<String> confirmed = operator.postJson("/api/sagas/" + sagaId + "/actions",
                compensate("StockReserved lost in the inventory-drop incident"));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
        awaitAction(api, ApiClient.JSON.readTree(confirmed.body()).path("id").asLong(), "VERIFIED");
        awaitStatus(api, "o-lost-1", "COMPENSATED");
        assertThat(service.receivedFor("o-lost-1")).extracting(CommandService.Received::type)
                .containsExactly("ReleaseStock");
    }

    @Test
    void twoConcurrentConfirmationsDecideOneActionAndSendEachCommandOnce() throws Exception {
        long sagaId = stuckAfterPayment(opsplane, "o-race-1");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (String user : List.of(TestUsers.OPERATOR, TestUsers.ADMIN, TestUsers.OPERATOR, TestUsers.ADMIN)) {
            Callable<HttpResponse<String>> call = () -> {
                go.await();
                return api.as(user).postJson("/api/sagas/" + sagaId + "/actions", compensate("clicked by " + user));
            };
            responses.add(pool.submit(call));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.get();
            statuses.add(r.statusCode());
            ids.add(ApiClient.JSON.readTree(r.body()).path("id").asLong());
        }
        pool.shutdown();
        assertThat(statuses).as("one confirmation decides; the others get its action").containsOnlyOnce(201)
                .containsOnly(201, 200);
        assertThat(ids).containsOnly(ids.getFirst());

        awaitAction(api, ids.getFirst(), "VERIFIED");
        awaitStatus(api, "o-race-1", "COMPENSATED");
        assertThat(service.receivedFor("o-race-1")).extracting(CommandService.Received::type)
                .containsExactly("RefundPayment", "ReleaseStock");
        assertThat(opsplane.jdbc().queryForObject("SELECT count(*) FROM operator_action WHERE saga_id = ?", Long.class,
                sagaId)).isEqualTo(1);
    }

    @Test
    void aDecisionWhoseInstanceDiesBeforeSendingIsSentOnceByAnotherInstance() {
        TestPostgres.RoleDatabase database = TestPostgres.newDatabaseWithRoles();
        long sagaId;
        long actionId;
        try (OpsplaneInstance deciding = instance(database, false).start()) {
            sagaId = stuckAfterPayment(deciding, "o-crash-1");
            HttpResponse<String> confirmed = deciding.api().postJson("/api/sagas/" + sagaId + "/actions",
                    compensate("crash test"));
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
            actionId = ApiClient.JSON.readTree(confirmed.body()).path("id").asLong();
            assertThat(deciding.jdbc().queryForObject("SELECT count(*) FROM command_outbox WHERE action_id = ?"
                    + " AND sent_at IS NULL", Long.class, actionId)).isEqualTo(1);
            // the relay is off on this instance: decided, in the outbox, not sent when it goes away
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> service.receivedFor("o-crash-1").isEmpty());
        }
        try (OpsplaneInstance sending = instance(database, true).start()) {
            awaitAction(sending.api(), actionId, "VERIFIED");
            awaitStatus(sending.api(), "o-crash-1", "COMPENSATED");
        }
        assertThat(service.receivedFor("o-crash-1")).extracting(CommandService.Received::idempotencyKey)
                .containsExactly("order-placement/o-crash-1/charge-payment/compensate/1",
                        "order-placement/o-crash-1/reserve-stock/compensate/1");
    }

    @Test
    void aMissingOutcomeMakesTheActionUnverifiedAndSendsNothingFurther() {
        long sagaId = stuckAfterPayment(opsplane, "silent-1");
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<String> confirmed = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                compensate("the payment service will not answer"));
        long actionId = ApiClient.JSON.readTree(confirmed.body()).path("id").asLong();

        JsonNode action = awaitAction(api, actionId, "UNVERIFIED");
        assertThat(action.path("outcome").asString()).contains("no PaymentRefunded within 6s of sending RefundPayment",
                "the commands after it were not sent");
        assertThat(action.path("items").findValuesAsString("state")).containsExactly("UNVERIFIED", "NOT_SENT");
        assertThat(service.receivedFor("silent-1")).extracting(CommandService.Received::type).containsExactly("RefundPayment");

        List<ActionOutcomes.UnsuccessfulActions> signals = opsplane.bean(ActionOutcomes.class).unsuccessfulSince(before);
        assertThat(signals).anySatisfy(s -> {
            assertThat(s.sagaType()).isEqualTo("order-placement");
            assertThat(s.step()).isEqualTo("charge-payment");
            assertThat(s.status()).isEqualTo(ActionStatus.UNVERIFIED);
            assertThat(s.count()).isEqualTo(1);
        });
        assertThat(api.getJson("/api/actions/unsuccessful?since=" + before).toString()).contains("charge-payment");
        assertThat(api.getJson("/api/audit?action=ACTION_UNVERIFIED&sagaId=" + sagaId).path("items").size()).isEqualTo(1);

        // a new attempt may follow an unverified one, with keys of its own
        JsonNode preview = preview(sagaId, "COMPENSATE");
        assertThat(preview.path("attempt").asInt()).isEqualTo(2);
        assertThat(preview.path("commands").get(0).path("idempotencyKey").asString())
                .isEqualTo("order-placement/silent-1/charge-payment/compensate/2");
    }

    @Test
    void retryingAStuckStepResendsItsCommandAndIsVerifiedWhenTheStepIsDone() {
        Instant start = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(List.of(saga.events.orderCreated("o-retry-1", start),
                saga.events.stockReserved("o-retry-1", start.plusSeconds(1))));
        long sagaId = awaitStatus(api, "o-retry-1", "STUCK");
        HttpResponse<String> confirmed = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"RETRY_STEP\",\"reason\":\"payment provider back\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
        JsonNode action = awaitAction(api, ApiClient.JSON.readTree(confirmed.body()).path("id").asLong(), "VERIFIED");
        assertThat(action.path("step").asString()).isEqualTo("charge-payment");
        assertThat(service.receivedFor("o-retry-1")).extracting(CommandService.Received::idempotencyKey)
                .containsExactly("order-placement/o-retry-1/charge-payment/retry-step/1");
        JsonNode steps = api.getJson("/api/sagas/" + sagaId).path("steps");
        assertThat(steps.get(1).path("state").asString()).isEqualTo("DONE");
    }

    @Test
    void retryingAStepWhoseEventWasLostSendsItsRetryCommandAndTheSagaMovesOn() {
        long sagaId = stuckWithStockReservedLost("o-lost-retry-1");
        ApiClient operator = api.as(TestUsers.OPERATOR);

        JsonNode preview = allowedPreview(sagaId, "RETRY_STEP");
        assertThat(preview.path("step").asString()).isEqualTo("reserve-stock");
        // the step's retry command, not its own command (ReserveStock)
        assertThat(preview.path("commands").findValuesAsString("commandType")).containsExactly("RepublishReservation");
        assertThat(preview.path("commands").get(0).path("topic").asString()).isEqualTo(saga.inventoryCommands);

        HttpResponse<String> confirmed = operator.postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"RETRY_STEP\",\"reason\":\"StockReserved lost in the inventory-drop incident\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
        awaitAction(api, ApiClient.JSON.readTree(confirmed.body()).path("id").asLong(), "VERIFIED");
        assertThat(service.receivedFor("o-lost-retry-1")).extracting(CommandService.Received::type,
                CommandService.Received::idempotencyKey).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "RepublishReservation", "order-placement/o-lost-retry-1/reserve-stock/retry-step/1"));
        // StockReserved arrived: reserve-stock is done and the saga waits on the payment
        JsonNode detail = api.getJson("/api/sagas/" + sagaId);
        assertThat(detail.path("steps").get(0).path("state").asString()).isEqualTo("DONE");
        assertThat(detail.path("saga").path("currentStep").asString()).isEqualTo("charge-payment");
    }

    @Test
    void retryIsRefusedForAStepWithNoRetryCommand() {
        long sagaId = stuckAfterPayment(opsplane, "o-no-retry-1");
        JsonNode preview = preview(sagaId, "RETRY_STEP");
        assertThat(preview.path("allowed").asBoolean()).isFalse();
        assertThat(preview.path("problems").toString()).contains("step confirm-order of order-placement has no retry"
                + " command in its definition");
        HttpResponse<String> refused = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"RETRY_STEP\",\"reason\":\"try again\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(service.receivedFor("o-no-retry-1")).isEmpty();
    }

    @Test
    void resolvingByHandClosesTheSagaWithTheReasonAndSendsNothing() {
        long sagaId = stuckAfterPayment(opsplane, "o-resolve-1");
        HttpResponse<String> refused = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"RESOLVE\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("a reason is required");

        HttpResponse<String> resolved = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                "{\"kind\":\"RESOLVE\",\"reason\":\"refunded by hand in the PSP console, ticket OPS-7\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(201);
        assertThat(ApiClient.JSON.readTree(resolved.body()).path("status").asString()).isEqualTo("RESOLVED");
        assertThat(api.getJson("/api/sagas/" + sagaId).path("saga").path("status").asString()).isEqualTo("RESOLVED");
        assertThat(service.receivedFor("o-resolve-1")).isEmpty();

        HttpResponse<String> compensateNow = api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions",
                compensate("too late"));
        assertThat(compensateNow.statusCode()).isEqualTo(409);
        assertThat(compensateNow.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(compensateNow.body()).contains("is RESOLVED; compensation is for a STUCK or FAILED saga");
    }

    @Test
    void viewersAndAnonymousCallersCannotActAndTheServiceChecksTheRoleItself() {
        long sagaId = stuckAfterPayment(opsplane, "o-access-1");
        String path = "/api/sagas/" + sagaId + "/actions";
        HttpResponse<String> viewer = api.as(TestUsers.VIEWER).postJson(path, compensate("viewer"));
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(viewer.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(api.as(TestUsers.VIEWER).postJson(path + "/preview", "{\"kind\":\"COMPENSATE\"}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> anonymous = api.anonymous().postJson(path, compensate("anonymous"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        // a viewer may still read what was done
        assertThat(api.as(TestUsers.VIEWER).get(path).statusCode()).isEqualTo(200);
        assertThat(api.as(TestUsers.VIEWER).get("/api/audit").statusCode()).isEqualTo(200);

        // behind the URL rules, the service refuses a caller without the role (the console calls it directly)
        OperatorActions actions = opsplane.bean(OperatorActions.class);
        assertThatThrownBy(() -> actions.confirm(sagaId, new ActionRequest(ActionKind.COMPENSATE, null, "no one", null),
                "nobody")).isInstanceOf(AuthenticationCredentialsNotFoundException.class);

        assertThat(opsplane.jdbc().queryForObject("SELECT count(*) FROM operator_action WHERE saga_id = ?", Long.class,
                sagaId)).isZero();
        assertThat(service.receivedFor("o-access-1")).isEmpty();
    }

    @Test
    void theAuditTableRefusesUpdateAndDelete() {
        long sagaId = stuckAfterPayment(opsplane, "o-audit-1");
        api.as(TestUsers.OPERATOR).postJson("/api/sagas/" + sagaId + "/actions", "{\"kind\":\"RESOLVE\",\"reason\":\"audit\"}");
        // the entry that carries the reason: the ones that follow from the action point to it instead
        Long id = opsplane.jdbc().queryForObject("SELECT max(id) FROM operator_audit WHERE saga_id = ? AND reason IS NOT NULL",
                Long.class, sagaId);
        assertThat(id).isNotNull();
        // the console's own role has no right to; even the tables' owner is refused by the trigger
        assertThatThrownBy(() -> opsplane.jdbc().update("UPDATE operator_audit SET reason = 'rewritten' WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied for table operator_audit");
        JdbcTemplate owner = new JdbcTemplate(new SingleConnectionDataSource(database.url(), database.owner(),
                database.ownerPassword(), true));
        assertThatThrownBy(() -> owner.update("UPDATE operator_audit SET reason = 'rewritten' WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("operator_audit is append-only: UPDATE is refused");
        assertThatThrownBy(() -> owner.update("DELETE FROM operator_audit WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("operator_audit is append-only: DELETE is refused");
        assertThatThrownBy(() -> owner.execute("TRUNCATE operator_audit"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only: TRUNCATE is refused");
        assertThat(opsplane.jdbc().queryForObject("SELECT reason FROM operator_audit WHERE id = ?", String.class, id))
                .isEqualTo("audit");
    }
}
