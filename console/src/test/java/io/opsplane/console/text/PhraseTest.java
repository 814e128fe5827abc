package io.opsplane.console.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A feature's sentence comes out in the reader's language, its data whole, nested sentences in the same language. */
class PhraseTest {

    @Test
    void aPhraseRendersInEnglishAndKorean() {
        Phrase phrase = Phrase.of("why.sentence.noActiveMembers", "payment", "payment-svc", 1234L, "payments");
        assertThat(phrase.english())
                .isEqualTo("payment's group payment-svc has no active members and is 1,234 records behind on payments.");
        assertThat(phrase.in(Locale.KOREAN))
                .isEqualTo("payment의 컨슈머 그룹 payment-svc은(는) 활성 멤버가 없고 payments에서 레코드 1,234건 뒤처져 있습니다.");
        // ko-KR speaks Korean; a language the console does not speak gets English
        assertThat(phrase.in(Locale.forLanguageTag("ko-KR"))).isEqualTo(phrase.in(Locale.KOREAN));
        assertThat(phrase.in(Locale.GERMAN)).isEqualTo(phrase.english());
        assertThat(phrase).hasToString(phrase.english());
    }

    @Test
    void nestedPhrasesRenderInTheSameLanguage() {
        Phrase phrase = Phrase.of("why.sentence.noService.reason", Phrase.of("stuckReason.DEADLINE"));
        assertThat(phrase.english())
                .isEqualTo("The saga waits on no service's step (deadline): an operator decides what happens to it.");
        assertThat(phrase.in(Locale.KOREAN)).contains("(사가 기한 초과)").doesNotContain("deadline");
    }

    @Test
    void dataIsFilledInAsItIsNeverReadAsAPattern() {
        Phrase phrase = Phrase.of("why.sentence.subject", "it's {0} a 'name'");
        assertThat(phrase.english()).isEqualTo("it's {0} a 'name'");
    }

    @Test
    void alternativesAreJoinedInTheLanguage() {
        assertThat(Phrase.anyOf(List.of()).english()).isEmpty();
        assertThat(Phrase.anyOf(List.of("alice")).english()).isEqualTo("alice");
        assertThat(Phrase.anyOf(List.of("alice", "bob")).english()).isEqualTo("alice or bob");
        assertThat(Phrase.anyOf(List.of("alice", "bob", "carol")).english()).isEqualTo("alice, bob or carol");
        assertThat(Phrase.anyOf(List.of("alice", "bob", "carol")).in(Locale.KOREAN)).isEqualTo("alice, bob 또는 carol");
    }

    @Test
    void itemsOneAfterTheOtherInTheLanguage() {
        Phrase counts = Phrase.joined("list.separator", List.of(Phrase.of("bulk.actions.count", 8L,
                Phrase.of("status.VERIFIED")), Phrase.of("bulk.actions.count", 1L, Phrase.of("status.FAILED"))));
        assertThat(counts.english()).isEqualTo("8 verified, 1 failed");
        assertThat(counts.in(Locale.KOREAN)).isEqualTo("확인됨 8건, 실패 1건");
        assertThat(new InvalidInputException(Phrase.of("action.input.reason.short")))
                .hasMessage("a reason is required")
                .satisfies(e -> assertThat(e.explanation().in(Locale.KOREAN)).isEqualTo("사유가 필요합니다"));
    }

    @Test
    void anUnknownKeyShowsAsItselfSoItIsFixed() {
        assertThat(Phrase.of("no.such.key", 1).in(Locale.KOREAN)).isEqualTo("no.such.key");
    }

    /** Views mask a record by way of its JSON form: a phrase inside must come back a phrase, nested ones too. */
    @Test
    void aPhraseReadsBackFromItsJson() {
        JsonMapper json = JsonMapper.builder().build();
        Phrase phrase = Phrase.of("why.sentence.noAwaited", Phrase.of("why.sentence.subject", "payment"),
                "PaymentCompleted", "payments", Phrase.of("why.sentence.atLeast", Phrase.of("time.minutes", 3L)));
        Phrase back = json.readValue(json.writeValueAsString(phrase), Phrase.class);
        assertThat(back.english()).isEqualTo(phrase.english())
                .isEqualTo("payment has published no PaymentCompleted on payments for at least 3 min;"
                        + " other records still come there.");
        assertThat(back.in(Locale.KOREAN)).isEqualTo(phrase.in(Locale.KOREAN))
                .isEqualTo("payment은(는) 최소 3분 동안 payments에 PaymentCompleted을(를) 게시하지 않았습니다."
                        + " 다른 레코드는 계속 들어옵니다.");
        assertThat(json.convertValue(Map.of("key", "list.or", "args", List.of("a", "b")), Phrase.class).english())
                .isEqualTo("a or b");
    }
}
