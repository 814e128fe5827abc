package io.opsplane.console.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.opsplane.console.definition.DefinitionLoader;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.text.Phrase;
import org.junit.jupiter.api.Test;

/**
 * Why an action is not allowed, as the action dialog, the saga page's disabled buttons and the REST API show it:
 * English for the API, Korean on a Korean page, the saga's data the same in both.
 */
class ActionProblemsInWordsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
    private static final SagaDefinition ORDER = new DefinitionLoader()
            .load("order.yml", new StringReader(new OrderSaga("shop").definition(Duration.ofSeconds(30)))).getFirst();

    private final ActionPlanner planner = new ActionPlanner("opsplane", Duration.ofMinutes(5));

    @Test
    void aStepWithoutRetryCommandInEnglishAndKorean() {
        List<Phrase> problems = plan(saga(12345, SagaStatus.STUCK, "confirm-order", "OrderConfirmed"),
                ActionKind.RETRY_STEP).problems();
        assertThat(problems).extracting(Phrase::english).containsExactly("step confirm-order of " + ORDER.type()
                + " has no retry command in its definition (steps[].retry or steps[].command: { type, topic | url }),"
                + " so Retry has nothing to send");
        assertThat(problems).extracting(p -> p.in(Locale.KOREAN)).containsExactly(ORDER.type() + "의 confirm-order"
                + " 단계는 정의에 재시도 커맨드가 없어(steps[].retry 또는 steps[].command: { type, topic | url })"
                + " 재시도로 보낼 것이 없습니다");
    }

    @Test
    void aRunningSagaIsNotCompensatedAndItsIdIsNotANumberToGroup() {
        List<Phrase> problems = plan(saga(12345, SagaStatus.RUNNING, "charge-payment", "PaymentCompleted"),
                ActionKind.COMPENSATE).problems();
        assertThat(problems.getFirst().english())
                .isEqualTo("saga 12345 is RUNNING; compensation is for a STUCK or FAILED saga");
        assertThat(problems.getFirst().in(Locale.KOREAN))
                .isEqualTo("사가 12345은(는) RUNNING 상태입니다. 보상은 STUCK 또는 FAILED 상태인 사가에만 할 수 있습니다");
    }

    @Test
    void aRefusalSaysEveryReasonInTheApiInEnglishAndOnAPageInItsLanguage() {
        ActionRefusedException refused = new ActionRefusedException(List.of(
                Phrase.of("action.problem.ended", "7", "COMPENSATED"), Phrase.of("action.problem.open", "3", "7")));
        assertThat(refused.getMessage())
                .isEqualTo("saga 7 has ended already (COMPENSATED); action 3 is still open on saga 7");
        assertThat(refused.problems()).containsExactly("saga 7 has ended already (COMPENSATED)",
                "action 3 is still open on saga 7");
        assertThat(refused.explanation().in(Locale.KOREAN))
                .isEqualTo("사가 7은(는) 이미 끝났습니다(COMPENSATED); 사가 7에 조치 3이(가) 아직 진행 중입니다");
    }

    @Test
    void whoMayApproveInWords() {
        assertThat(new Approvers.WhoMayApprove(List.of("alice", "bob"), List.of("oncall")).inWords().english())
                .isEqualTo("alice or bob, or a member of oncall signing in through SSO");
        assertThat(new Approvers.WhoMayApprove(List.of("alice", "bob"), List.of("oncall")).inWords().in(Locale.KOREAN))
                .isEqualTo("alice 또는 bob, 또는 SSO로 로그인하는 oncall의 구성원");
        assertThat(new Approvers.WhoMayApprove(List.of("alice", "bob", "carol"), List.of()).inWords().english())
                .isEqualTo("alice, bob or carol");
        assertThat(new Approvers.WhoMayApprove(List.of(), List.of()).inWords().in(Locale.KOREAN))
                .isEqualTo("다른 운영자가 설정되어 있지 않습니다(opsplane.security.users)");
    }

    private ActionPlanner.Plan plan(SagaSummary saga, ActionKind kind) {
        // no step done yet
        List<SagaDetail.Step> steps = ORDER.steps().stream().map(step -> new SagaDetail.Step(step.name(), step.service(),
                SagaDetail.StepState.NOT_REACHED, null, step.completedBy(), null, null, null, step.compensable())).toList();
        return planner.plan(new SagaDetail(saga, steps, List.of()), ORDER, kind, null, 1, NOW);
    }

    private static SagaSummary saga(long id, SagaStatus status, String step, String awaited) {
        return new SagaSummary(id, ORDER.type(), ORDER.version(), "order-" + id, Map.of(), status,
                status == SagaStatus.STUCK ? StuckReason.STEP_TIMEOUT : null, null, step, awaited, "order",
                NOW.minusSeconds(60), NOW.minusSeconds(30), NOW, null, null, 3, List.of());
    }
}
