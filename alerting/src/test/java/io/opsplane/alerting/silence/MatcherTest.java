package io.opsplane.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MatcherTest {

    private static final Map<String, String> LABELS = Map.of("saga_type", "order-placement", "step", "charge-payment");

    @Test
    void theFourOperatorsAsAlertmanagerHasThem() {
        assertThat(Matcher.parse("saga_type=order-placement").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("saga_type=\"order-placement\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("saga_type!=order-placement").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("step=~\"charge-.*\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("step=~charge").matches(LABELS)).as("anchored: the whole value").isFalse();
        assertThat(Matcher.parse("step!~\"reserve-.*\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("service=").matches(LABELS)).as("a missing label is empty").isTrue();
    }

    @Test
    void badMatchersSayWhatIsWrong() {
        assertThatThrownBy(() -> Matcher.parse("step~~x")).hasMessageContaining("is not a matcher");
        assertThatThrownBy(() -> Matcher.parse("step=~\"(\"")).hasMessageContaining("is not a regular expression");
    }

    @Test
    void aBacktrackingExpressionGivesUpInsteadOfHoldingTheEvaluation() {
        // (a+)+$ against "aaaa…b" backtracks exponentially: without the budget this would not return for hours
        Matcher bomb = Matcher.parse("step=~\"(a+)+$\"");
        Map<String, String> evil = Map.of("step", "a".repeat(40) + "b");
        // a guard against hanging the build, not a measure of speed
        assertTimeoutPreemptively(java.time.Duration.ofMinutes(1), () -> {
            assertThat(bomb.matches(evil)).as("given up: no match").isFalse();
            assertThat(Matcher.parse("step!~\"(a+)+$\"").matches(evil)).as("given up: the negation holds").isTrue();
        });
        assertThatThrownBy(() -> Matcher.parse("step=~\"" + "a".repeat(600) + "\""))
                .hasMessageContaining("at most 512 characters");
    }
}
