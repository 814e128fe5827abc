package io.opsplane.console.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import io.opsplane.console.testing.OrderSaga;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefinitionLoaderTest {

    private final DefinitionLoader loader = new DefinitionLoader();
    private final String valid = new OrderSaga("shop").definition(Duration.ofSeconds(30));

    @Test
    void readsEveryPartOfADefinition() {
        SagaDefinition definition = loader.load("order.yml", new StringReader(valid)).getFirst();

        assertThat(definition.type()).isEqualTo("order-placement");
        assertThat(definition.version()).isEqualTo(1);
        assertThat(definition.correlation()).isEqualTo(KeyExtractor.pointer("/orderId"));
        assertThat(definition.businessKeys()).containsOnlyKeys("orderId", "memberId", "paymentId");
        assertThat(definition.steps()).extracting(StepDefinition::name)
                .containsExactly("reserve-stock", "charge-payment", "confirm-order");
        assertThat(definition.timeoutOf(definition.step("charge-payment"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(definition.timeoutOf(definition.step("reserve-stock"))).isEqualTo(Duration.ofMinutes(10));
        assertThat(definition.deadline()).isEqualTo(Duration.ofHours(1));
        assertThat(definition.step("reserve-stock").compensation().commandType()).isEqualTo("ReleaseStock");
        assertThat(definition.roleOf("OrderCreated")).isEqualTo(new EventRole(EventKind.STARTED, null));
        assertThat(definition.roleOf("PaymentFailed").kind()).isEqualTo(EventKind.STEP_FAILED);
        assertThat(definition.roleOf("StockReleased")).isEqualTo(
                new EventRole(EventKind.COMPENSATED, definition.step("reserve-stock")));
        assertThat(definition.roleOf("OrderConfirmed")).isEqualTo(
                new EventRole(EventKind.COMPLETED, definition.step("confirm-order")));
        assertThat(definition.roleOf("OrderCancelled")).isEqualTo(new EventRole(EventKind.COMPENSATED, null));
        assertThat(definition.events().get("PaymentCompleted").getFirst().fieldPointer()).isEqualTo("/eventType");
    }

    @Test
    void theDocumentedExampleLoads() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/saga-definitions.md"));
        String example = page.substring(page.indexOf("```yaml\n") + 8, page.indexOf("```", page.indexOf("```yaml\n") + 8));
        SagaDefinition definition = loader.load("docs/saga-definitions.md", new StringReader(example)).getFirst();
        assertThat(definition.version()).isEqualTo(2);
        assertThat(definition.events().get("PaymentFailed").getFirst().correlation()).isEqualTo(KeyExtractor.pointer("/order/id"));
        assertThat(definition.events().get("StockReserved").getFirst().headerName()).isEqualTo("eventType");
        // one event in two shapes: the new service's CloudEvent and the monolith's outbox record
        assertThat(definition.events().get("OrderCreated")).extracting(EventMatcher::cloudEventType,
                EventMatcher::headerValue).containsExactly(org.assertj.core.groups.Tuple.tuple("com.shop.order.created",
                null), org.assertj.core.groups.Tuple.tuple(null, "OrderCreated"));
        assertThat(definition.step("charge-payment").command())
                .isEqualTo(new StepDefinition.Command("ChargePayment", "payment-commands", null));
        assertThat(definition.step("charge-payment").compensation().url()).isEqualTo("https://payment.internal/commands");
        assertThat(definition.step("reserve-stock").command()).isNull();
        // Retry step sends the step's own retry command, else its command
        assertThat(definition.step("reserve-stock").retryCommand())
                .isEqualTo(new StepDefinition.Command("RepublishReservation", "inventory-commands", null));
        assertThat(definition.step("charge-payment").retryCommand().type()).isEqualTo("ChargePayment");
        assertThat(definition.step("confirm-order").retryCommand()).isNull();
    }

    @Test
    void theDemoShopsRetryCommandsAskForTheLostEventsAgain() throws Exception {
        String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/sagas/order-placement.yml"));
        SagaDefinition definition = loader.load("deploy/sagas/order-placement.yml", new StringReader(yaml)).getFirst();
        assertThat(definition.step("reserve-stock").retryCommand())
                .isEqualTo(new StepDefinition.Command("RepublishReservation", "inventory-commands", null));
        assertThat(definition.step("charge-payment").retryCommand())
                .isEqualTo(new StepDefinition.Command("RepublishPayment", "payment-commands", null));
        assertThat(definition.step("confirm-order").retryCommand()).isNull();
    }

    @Test
    void aRetryCommandIsCheckedLikeAnyCommand() {
        String withRetry = valid.replace("    completedBy: PaymentCompleted\n",
                "    completedBy: PaymentCompleted\n    retry: { type: RepublishPayment, topic: shop.payment-commands }\n");
        assertThat(loader.load("order.yml", new StringReader(withRetry)).getFirst().step("charge-payment").retry())
                .isEqualTo(new StepDefinition.Command("RepublishPayment", "shop.payment-commands", null));

        String noDestination = valid.replace("    completedBy: PaymentCompleted\n",
                "    completedBy: PaymentCompleted\n    retry: { type: RepublishPayment }\n");
        assertThatThrownBy(() -> loader.load("order.yml", new StringReader(noDestination)))
                .hasMessage("order.yml:33: step 'charge-payment''s retry command needs exactly one of topic or url");
        String notACommand = valid.replace("    completedBy: PaymentCompleted\n",
                "    completedBy: PaymentCompleted\n    retry: RepublishPayment\n");
        assertThatThrownBy(() -> loader.load("order.yml", new StringReader(notACommand)))
                .hasMessageStartingWith("order.yml:33: ");
    }

    @Test
    void newInstancesTakeTheLatestVersionAndOlderVersionsStayReadable() {
        String v2 = valid.replace("version: 1", "version: 2");
        SagaDefinitions definitions = new SagaDefinitions(List.of(
                loader.load("v1.yml", new StringReader(valid)).getFirst(),
                loader.load("v2.yml", new StringReader(v2)).getFirst()));

        assertThat(definitions.latest("order-placement").version()).isEqualTo(2);
        assertThat(definitions.version("order-placement", 1).source()).isEqualTo("v1.yml");
        assertThat(definitions.matchersFor("shop.payments")).extracting(m -> m.matcher().name())
                .containsExactly("PaymentCompleted", "PaymentFailed");
    }

    @Test
    void theSameVersionTwiceIsRefusedNamingBothFiles() {
        SagaDefinition first = loader.load("a.yml", new StringReader(valid)).getFirst();
        SagaDefinition again = loader.load("b.yml", new StringReader(valid)).getFirst();
        assertThatThrownBy(() -> new SagaDefinitions(List.of(first, again)))
                .hasMessage("b.yml: saga type 'order-placement' version 1 is already defined in a.yml");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "'    completedBy: PaymentCompleted'|'    completedBy: PaymentDone'|order.yml:32: step 'charge-payment''s completion names event 'PaymentDone', which is not under events (known: OrderCreated, OrderConfirmed, OrderCancelled, StockReserved, StockReservationFailed, StockReleased, PaymentCompleted, PaymentFailed)",
            "'deadline: 1h'|'deadline: soon'|order.yml:8: deadline 'soon' is not a duration (e.g. 30s, 5m, 2h or PT30S)",
            "'    service: payment'|'    servce: payment'|order.yml:30: unknown field 'servce' in a step (allowed: name, service, timeout, completedBy, failedBy, command, retry, compensation)",
            "'correlation: /orderId'|'correlation: orderId'|order.yml:3: 'orderId' is not a JSON pointer: it must start with '/', e.g. /orderId",
            "'version: 1'|'version: first'|order.yml:2: version must be a whole number from 1, not 'first'",
            "'  OrderCancelled:         { topic: shop.orders, type: com.shop.order.cancelled }'|'  OrderCancelled:         { topic: shop.orders }'|order.yml:14: event 'OrderCancelled' needs a way to be recognised: type (CloudEvents type), header or field",
            "'compensatedBy: OrderCancelled'|'compensatedBy: StockReleased'|order.yml:38: event 'StockReleased' is already step 'reserve-stock''s compensation; it cannot also be the saga's compensated end",
            "'      command: { type: ReleaseStock, topic: shop.inventory-commands }'|'      command: { type: ReleaseStock }'|order.yml:27: step 'reserve-stock''s compensation command needs exactly one of topic or url",
            "'  - name: confirm-order'|'  - name: reserve-stock'|order.yml:34: step 'reserve-stock' is defined twice",
            "'type: order-placement'|'type: Order Placement'|order.yml:1: type 'Order Placement' must be lower case letters, digits, '.', '_' or '-'",
            "'events:'|'events: {'|order.yml:13: not valid YAML: expected ',' or '}', but got <scalar>",
    })
    void aBadDefinitionIsReportedWithFileLineAndProblem(String line, String replacement, String message) {
        assertThat(valid).contains(line);
        String broken = valid.replace(line, replacement);
        assertThatThrownBy(() -> loader.load("order.yml", new StringReader(broken)))
                .isInstanceOf(DefinitionException.class)
                .hasMessage(message);
    }

    @Test
    void anEventNoStepUsesIsReported() {
        String broken = valid.replace("events:\n", "events:\n  Unused: { topic: shop.orders, type: unused }\n");
        assertThatThrownBy(() -> loader.load("order.yml", new StringReader(broken)))
                .hasMessage("order.yml:12: event 'Unused' is defined but no step or terminal event uses it");
    }
}
