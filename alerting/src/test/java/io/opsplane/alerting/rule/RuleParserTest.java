package io.opsplane.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RuleParserTest {

    private static List<AlertRule> parse(String yaml) {
        return RuleParser.parseFile("rules.yml", new StringReader(yaml));
    }

    @Test
    void readsEveryKindWithItsDefaults() {
        List<AlertRule> rules = parse("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    step: charge-payment
                  - name: Failing
                    kind: saga-failure-ratio
                    window: 15m
                    threshold: 0.05
                    for: 5m
                    interval: 10s
                    severity: critical
                    labels: { team: checkout }
                    annotations: { summary: "{{ .Value | percent }} of {{ .Labels.saga_type }} fail" }
                  - name: Slow
                    kind: service-latency-p95
                    service: payment
                    window: 5m
                    threshold: 800
                  - name: Oom
                    kind: log-count
                    query: OutOfMemoryError
                    window: 10m
                  - name: Unverified
                    kind: compensation
                    outcome: UNVERIFIED
                """);
        assertThat(rules).extracting(AlertRule::name).containsExactly("SagaStuck", "Failing", "Slow", "Oom", "Unverified");
        AlertRule stuck = rules.getFirst();
        assertThat(stuck.threshold()).isEqualTo(1);
        assertThat(stuck.forDuration()).isZero();
        assertThat(stuck.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(stuck.severity()).isEqualTo("warning");
        assertThat(stuck.source()).isEqualTo("rules.yml:2");
        AlertRule failing = rules.get(1);
        assertThat(failing.minSamples()).isEqualTo(10);
        assertThat(failing.labels()).isEqualTo(Map.of("team", "checkout"));
        assertThat(AnnotationTemplate.render(failing.annotations().get("summary"), Map.of("saga_type", "order"),
                0.125, List.of(), "")).isEqualTo("12.5% of order fail");
    }

    @Test
    void annotationsInTheReadersLanguageAreVariantsBesideTheBaseRenderedLikeIt() {
        AlertRule stuck = parse("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    annotations:
                      summary: "{{ .Value }} {{ .Labels.saga_type }} sagas stuck at {{ .Labels.step }}"
                      summary_ko: "{{ .Labels.saga_type }} 사가 {{ .Value }}건이 {{ .Labels.step }}에서 멈춤"
                """).getFirst();
        Map<String, String> labels = Map.of("saga_type", "order-placement", "step", "charge-payment");
        assertThat(AnnotationTemplate.render(stuck.annotations().get("summary_ko"), labels, 3, List.of(), ""))
                .isEqualTo("order-placement 사가 3건이 charge-payment에서 멈춤");
        assertThat(AnnotationTemplate.render(stuck.annotations().get("summary"), labels, 3, List.of(), ""))
                .isEqualTo("3 order-placement sagas stuck at charge-payment");

        assertThatThrownBy(() -> parse("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    annotations:
                      summary: "{{ .Value }} stuck"
                      summary_kr: "{{ .Value }}건 멈춤"
                """)).hasMessage("rules.yml:5: rule 'SagaStuck': annotation 'summary_kr': 'kr' is not a language "
                + "alerts are written in (a variant is named <annotation>_<language>, the language one of en, ko, "
                + "e.g. summary_ko)");
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    annotations:
                      summary_ko: "{{ .Value }}건 {{ .Labels.step }에서 멈춤"
                """)).hasMessageContaining("annotation 'summary_ko': a placeholder is not closed with }}");
    }

    @Test
    void theRulesOpsplaneShipsSpeakKoreanToo() throws java.io.IOException {
        Path shipped = Path.of("../deploy/alert-rules.yml");
        List<AlertRule> rules;
        try (java.io.Reader reader = Files.newBufferedReader(shipped)) {
            rules = RuleParser.parseFile(shipped.toString(), reader);
        }
        // every annotation in words has its Korean variant; a bare link reads the same in every language
        assertThat(rules).isNotEmpty().allSatisfy(rule -> rule.annotations().forEach((name, text) -> {
            if (AnnotationVariants.languageOf(name) == null && !text.equals("{{ .Link }}")) {
                assertThat(rule.annotations()).as(rule.name()).containsKey(name + "_ko");
            }
        }));
        AlertRule stuck = rules.stream().filter(r -> r.name().equals("SagaStuck")).findFirst().orElseThrow();
        assertThat(AnnotationTemplate.render(stuck.annotations().get("summary_ko"),
                Map.of("saga_type", "order-placement", "step", "charge-payment"), 3, List.of(), ""))
                .isEqualTo("order-placement 사가 3건이 charge-payment에서 멈춤");
    }

    @Test
    void problemsNameTheLine() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: A
                    kind: saga-stuck
                  - name: B
                    kind: saga-stuck
                    window: 5m
                """)).hasMessage("rules.yml:6: rule 'B': unknown field 'window' for kind saga-stuck "
                + "(allowed: annotations, for, interval, kind, labels, name, reason, sagaType, severity, step, threshold)");
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: A
                    kind: saga-failure-ratio
                    window: 5m
                    threshold: 5
                """)).hasMessage("rules.yml:5: rule 'A': threshold is a ratio above 0 and at most 1, not 5");
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: A
                    kind: step-duration-p95
                    window: 10m
                """)).hasMessage("rules.yml:2: rule 'A': missing required field 'threshold' (a share of the step's"
                + " timeout, e.g. 0.5)");
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: A
                    kind: saga-stuck
                  - name: A
                    kind: saga-stuck
                """)).hasMessage("rules.yml:4: rule 'A' is defined twice");
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: A
                    kind: saga-stuck
                    labels: { alertname: x }
                """)).hasMessageContaining("rules.yml:4: rule 'A': label name 'alertname'");
        assertThatThrownBy(() -> parse("rules: [ {name: A, kind: saga-stuck\n")).hasMessageStartingWith("rules.yml:2: not valid YAML");
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: A
                    kind: saga-stuck
                    reason: SLOW
                """)).hasMessageContaining("rules.yml:4: rule 'A': reason 'SLOW' is not one of STEP_TIMEOUT");
    }
}
