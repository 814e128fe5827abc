package io.opsplane.console.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsplane.console.definition.DefinitionLoader;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.testing.OrderSaga;
import org.junit.jupiter.api.Test;

class SagaProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private final SagaDefinition order = new DefinitionLoader()
            .load("order.yml", new StringReader(new OrderSaga("shop").definition(Duration.ofSeconds(30)))).getFirst();

    private SagaState stateAfter(List<String> eventNames) {
        SagaProgress progress = new SagaProgress();
        for (int i = 0; i < eventNames.size(); i++) {
            progress.record(order.roleOf(eventNames.get(i)), T0.plusSeconds(i));
        }
        return progress.derive(order);
    }

    @Test
    void waitsOnTheFirstStepNotDoneWithItsOwnTimeout() {
        SagaState state = stateAfter(List.of("OrderCreated", "StockReserved"));
        assertThat(state.status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(state.currentStep()).isEqualTo("charge-payment");
        assertThat(state.nextEvent()).isEqualTo("PaymentCompleted");
        assertThat(state.responsibleService()).isEqualTo("payment");
        assertThat(state.stepDeadline()).isEqualTo(T0.plusSeconds(1).plusSeconds(30));
        assertThat(state.sagaDeadline()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(state.dueAt()).isEqualTo(state.stepDeadline());
    }

    @Test
    void aLaterStepArrivingFirstDoesNotSkipTheOneStillMissing() {
        SagaState state = stateAfter(List.of("OrderCreated", "PaymentCompleted"));
        assertThat(state.status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(state.currentStep()).isEqualTo("reserve-stock");
    }

    @Test
    void aFailureIsDueWhenItsCompensationGraceEnds() {
        SagaState state = stateAfter(List.of("OrderCreated", "StockReserved", "PaymentFailed"));
        assertThat(state.status()).isEqualTo(SagaStatus.FAILED);
        assertThat(state.currentStep()).isEqualTo("charge-payment");
        assertThat(state.dueAt()).isEqualTo(T0.plusSeconds(2).plus(Duration.ofMinutes(5)));
    }

    @Test
    void compensationWaitsOnTheLatestCompletedStepThenOnTheSagasOwnEnd() {
        SagaState releasing = stateAfter(List.of("OrderCreated", "StockReserved", "PaymentFailed", "OrderCancelled"));
        assertThat(releasing.status()).isEqualTo(SagaStatus.COMPENSATED);

        SagaProgress progress = new SagaProgress();
        progress.record(order.roleOf("StockReserved"), T0);
        progress.record(order.roleOf("PaymentFailed"), T0.plusSeconds(1));
        progress.record(order.roleOf("StockReleased"), T0.plusSeconds(2));
        SagaState afterRelease = progress.derive(order);
        assertThat(afterRelease.status()).isEqualTo(SagaStatus.COMPENSATING);
        assertThat(afterRelease.nextEvent()).isEqualTo("OrderCancelled");
    }

    @Test
    void completesWhenTheLastStepIsDone() {
        SagaState state = stateAfter(List.of("OrderCreated", "StockReserved", "PaymentCompleted", "OrderConfirmed"));
        assertThat(state.status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(state.endedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(state.dueAt()).isNull();
    }

    @Test
    void everyArrivalOrderWithDuplicatesGivesTheSameFactsAndState() {
        List<Map.Entry<String, Instant>> events = List.of(
                Map.entry("OrderCreated", T0), Map.entry("StockReserved", T0.plusSeconds(1)),
                Map.entry("PaymentFailed", T0.plusSeconds(2)), Map.entry("StockReleased", T0.plusSeconds(3)),
                Map.entry("OrderCancelled", T0.plusSeconds(4)));
        String expected = null;
        SagaState expectedState = null;
        for (List<Map.Entry<String, Instant>> order : permutations(events)) {
            SagaProgress progress = new SagaProgress();
            for (Map.Entry<String, Instant> event : order) {
                progress.record(this.order.roleOf(event.getKey()), event.getValue());
                progress.record(this.order.roleOf(event.getKey()), event.getValue());
            }
            // a round trip through storage must not change anything either
            SagaProgress stored = SagaProgress.fromJson(progress.toJson());
            if (expected == null) {
                expected = stored.toJson();
                expectedState = stored.derive(this.order);
            }
            assertThat(stored.toJson()).isEqualTo(expected);
            assertThat(stored.derive(this.order)).isEqualTo(expectedState);
        }
        assertThat(expectedState.status()).isEqualTo(SagaStatus.COMPENSATED);
    }

    @Test
    void leavingStuckNeedsProgressNotJustAnotherEvent() {
        SagaState waitingForStock = stateAfter(List.of("OrderCreated"));
        // payment arriving while stock is still missing leaves the saga waiting on the same step
        assertThat(stateAfter(List.of("OrderCreated", "PaymentCompleted")).progressedFrom(waitingForStock)).isFalse();
        assertThat(stateAfter(List.of("OrderCreated", "StockReserved")).progressedFrom(waitingForStock)).isTrue();
        assertThat(stateAfter(List.of("OrderCreated", "StockReservationFailed")).progressedFrom(waitingForStock)).isTrue();
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> permutation = new ArrayList<>();
                permutation.add(head);
                permutation.addAll(tail);
                result.add(permutation);
            }
        }
        return result;
    }
}
