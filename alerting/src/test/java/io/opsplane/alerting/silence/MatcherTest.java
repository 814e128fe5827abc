package io.opsplane.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
