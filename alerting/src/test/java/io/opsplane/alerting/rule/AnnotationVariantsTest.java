package io.opsplane.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class AnnotationVariantsTest {

    private static final Map<String, String> ANNOTATIONS = new TreeMap<>(Map.of(
            "summary", "3 sagas stuck", "summary_ko", "사가 3건 멈춤",
            "description", "Waiting on payment", "runbook_url", "https://runbooks.example/stuck",
            "note_ko", "결제 팀에 연락"));

    @Test
    void aReaderGetsTheVariantInTheirLanguageElseTheBase() {
        assertThat(AnnotationVariants.in(ANNOTATIONS, "summary", Locale.KOREAN)).isEqualTo("사가 3건 멈춤");
        assertThat(AnnotationVariants.in(ANNOTATIONS, "summary", Locale.forLanguageTag("ko-KR"))).isEqualTo("사가 3건 멈춤");
        assertThat(AnnotationVariants.in(ANNOTATIONS, "summary", Locale.ENGLISH)).isEqualTo("3 sagas stuck");
        // a language Opsplane does not write in reads the base
        assertThat(AnnotationVariants.in(ANNOTATIONS, "summary", Locale.JAPANESE)).isEqualTo("3 sagas stuck");
        assertThat(AnnotationVariants.in(ANNOTATIONS, "description", Locale.KOREAN)).isEqualTo("Waiting on payment");
        assertThat(AnnotationVariants.in(ANNOTATIONS, "missing", Locale.KOREAN)).isNull();
    }

    @Test
    void everyAnnotationIsShownOnceUnderItsBaseName() {
        assertThat(AnnotationVariants.in(ANNOTATIONS, Locale.KOREAN)).containsExactly(
                Map.entry("description", "Waiting on payment"), Map.entry("note", "결제 팀에 연락"),
                Map.entry("runbook_url", "https://runbooks.example/stuck"), Map.entry("summary", "사가 3건 멈춤"));
        // a Korean-only note has nothing an English reader reads
        assertThat(AnnotationVariants.in(ANNOTATIONS, Locale.ENGLISH)).containsExactly(
                Map.entry("description", "Waiting on payment"),
                Map.entry("runbook_url", "https://runbooks.example/stuck"), Map.entry("summary", "3 sagas stuck"));
    }

    @Test
    void theDefaultSummaryIsWordedByTheBundlesInEveryLanguage() {
        assertThat(AnnotationVariants.defaultSummary("SagaStuck", 3)).containsExactly(
                Map.entry("summary", "SagaStuck 3"), Map.entry("summary_ko", "SagaStuck: 값 3"));
    }

    @Test
    void aSuffixThatIsNoLanguageOfOursIsAProblemOnlyWhereItCanMeanOne() {
        assertThat(AnnotationVariants.problem(List.of("summary", "summary_kr"))).isEqualTo("annotation 'summary_kr': "
                + "'kr' is not a language alerts are written in (a variant is named <annotation>_<language>, the "
                + "language one of en, ko, e.g. summary_ko)");
        assertThat(AnnotationVariants.problem(List.of("description_jp"))).contains("'jp' is not a language");
        assertThat(AnnotationVariants.problem(List.of("runbook", "runbook_de"))).contains("'de' is not a language");
        // names of their own that happen to end in two letters
        assertThat(AnnotationVariants.problem(List.of("summary", "summary_ko", "dashboard_id", "runbook_url")))
                .isNull();
    }
}
