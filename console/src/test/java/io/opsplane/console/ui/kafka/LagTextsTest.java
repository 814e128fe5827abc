package io.opsplane.console.ui.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import org.junit.jupiter.api.Test;

/** What an on-call engineer reads for a group: caught up, behind, or behind and not moving. */
class LagTextsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T01:23:00Z");

    @Test
    void aGroupBehindReadsAsStalledOnceItHasNotMovedForHalfAMinute() {
        assertThat(LagTexts.progress(new TopicLag("payments", 3, 0, 0, null), NOW)).isEqualTo("caught up");
        assertThat(LagTexts.progress(new TopicLag("payments", 3, 0, 3, null), NOW)).isEqualTo("nothing committed yet");
        assertThat(LagTexts.progress(new TopicLag("payments", 3, 1240, 0, NOW.minusSeconds(12)), NOW))
                .isEqualTo("1,240 behind");
        assertThat(LagTexts.progress(new TopicLag("payments", 3, 1240, 0, NOW.minusSeconds(52)), NOW))
                .isEqualTo("1,240 behind, no progress for 52 s");
    }

    @Test
    void theSummaryNamesTheWorstTopicAndIsRedWhenStalledOrUnconsumed() {
        GroupLag order = new GroupLag("order", "order", "Stable", 2, NOW, List.of(
                new TopicLag("inventory", 3, 5, 0, NOW.minusSeconds(3)),
                new TopicLag("payments", 3, 1240, 0, NOW.minusSeconds(52))));
        assertThat(LagTexts.summary(order, NOW).getText()).isEqualTo("1,240 behind, no progress for 52 s on payments");
        assertThat(LagTexts.summary(order, NOW).hasClassName("opsplane-error")).isTrue();

        GroupLag moving = new GroupLag("order", "order", "Stable", 2, NOW, List.of(
                new TopicLag("payments", 3, 40, 0, NOW.minusSeconds(5))));
        assertThat(LagTexts.summary(moving, NOW).hasClassName("opsplane-error")).isFalse();

        GroupLag nobody = new GroupLag("order", "order", "Empty", 0, NOW, List.of(
                new TopicLag("payments", 3, 40, 0, NOW.minusSeconds(5))));
        assertThat(LagTexts.summary(nobody, NOW).getText()).isEqualTo("40 behind on payments · no active members");
        assertThat(LagTexts.summary(nobody, NOW).hasClassName("opsplane-error")).isTrue();
    }
}
