package io.opsplane.console.why;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.text.Phrase;
import io.opsplane.console.why.StuckExplanation.LogGroup;
import org.junit.jupiter.api.Test;

/**
 * The why sentence in the reader's language: the REST API's English stays as it was, a Korean page reads Korean,
 * and the data in it (service, group, topic, event) is the same in both.
 */
class WhySentenceTest {

    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

    @Test
    void aStalledGroupInEnglishAndKorean() {
        GroupLag group = new GroupLag("payment-svc", "payment", "Stable", 0, NOW,
                List.of(new TopicLag("orders", 3, 1234, 3, NOW.minusSeconds(95))));
        Phrase why = sentence(stuck(), "payment", null, null, List.of(group), List.of());
        assertReads(why, "payment's group payment-svc has made no progress for 95 s and is 1,234"
                + " records behind on orders; it has no active members.",
                "payment의 컨슈머 그룹 payment-svc은(는) 95초 동안 진행이 없고"
                        + " orders에서 레코드 1,234건 뒤처져 있습니다. 활성 멤버도 없습니다.");
    }

    @Test
    void noAwaitedEventSinceTheSagaMoved() {
        GroupLag group = new GroupLag("payment-svc", "payment", "Stable", 1, NOW, List.of());
        Phrase why = sentence(stuck(), "payment", "PaymentCompleted", "payments", List.of(group), List.of());
        assertReads(why, "payment consumed what it was sent (payment-svc caught up) but has"
                + " published no PaymentCompleted on payments for at least 10 min; other records still come there.",
                "payment은(는) 받은 레코드를 모두 소비했지만(payment-svc 따라잡음)"
                        + " 최소 10분 동안 payments에 PaymentCompleted을(를) 게시하지 않았습니다. 다른 레코드는 계속 들어옵니다.");
    }

    @Test
    void warningsInTheLogs() {
        List<LogGroup> logs = List.of(new LogGroup("ERROR", "card declined for order …", "card declined for order 7", 12,
                NOW, NOW), new LogGroup("WARN", "slow", "slow", 3, NOW, NOW));
        Phrase why = sentence(stuck(), "payment", null, null, List.of(), logs);
        assertReads(why, "payment-service logged 15 warnings and errors around the due time, most"
                + " often (12×) ERROR \"card declined for order …\".",
                "payment-service은(는) 기한 전후로 경고와 오류를 15건 남겼습니다."
                        + " 가장 많은 것은 ERROR \"card declined for order …\"(12회)입니다.");
    }

    @Test
    void nothingStandsOut() {
        Phrase why = sentence(stuck(), "payment", null, null, List.of(), List.of());
        assertReads(why, "No signal explains it: no consumer group of payment is known, and"
                + " payment-service logged no warning or error around the due time.",
                "원인을 설명하는 신호가 없습니다: payment의 컨슈머 그룹을 알 수 없음,"
                        + " payment-service은(는) 기한 전후로 경고나 오류를 남기지 않음.");
    }

    @Test
    void noServiceSaysWhyTheSagaStopped() {
        Phrase why = sentence(stuck(), null, null, null, List.of(), List.of());
        assertReads(why, "The saga waits on no service's step (step timeout): an operator decides"
                + " what happens to it.",
                "이 사가는 어느 서비스의 단계도 기다리고 있지 않습니다(단계 시간 초과)."
                        + " 어떻게 처리할지는 운영자가 정합니다.");
    }

    private static Phrase sentence(SagaSummary saga, String service, String awaited, String topic,
                                   List<GroupLag> groups, List<LogGroup> logs) {
        return StuckExplanations.sentence(saga, service, awaited, topic, groups, null, null, saga.lastProgressAt(),
                logs, null, "payment-service", NOW);
    }

    private static SagaSummary stuck() {
        Instant moved = NOW.minus(Duration.ofMinutes(10));
        return new SagaSummary(7, "order-placement", 1, "order-7", Map.of(), SagaStatus.STUCK, StuckReason.STEP_TIMEOUT,
                NOW, "charge", "PaymentCompleted", "payment", moved.minusSeconds(5), moved, NOW, null, null, 3, List.of());
    }

    /** The sentence as the REST API gives it, and as a Korean page shows it. */
    private static void assertReads(Phrase why, String english, String korean) {
        assertThat(why.english()).isEqualTo(english);
        assertThat(why.in(Locale.KOREAN)).isEqualTo(korean);
    }
}
