package io.opsplane.console.telemetry.trace.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Trace ids in every form Jaeger v1, Jaeger v2 and callers write them, read as one. */
class TraceIdsTest {

    private static final String LOW = "00f067aa0ba902b7";
    private static final String FULL = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aSixtyFourBitIdIsSixteenDigitsHoweverItIsWritten() {
        assertThat(TraceIds.canonical(LOW)).isEqualTo(LOW);
        assertThat(TraceIds.canonical("0000000000000000" + LOW)).isEqualTo(LOW);
        assertThat(TraceIds.canonical("f067aa0ba902b7")).isEqualTo(LOW);
        assertThat(TraceIds.canonical("00F067AA0BA902B7")).isEqualTo(LOW);
        assertThat(TraceIds.storedForms("F067AA0BA902B7")).containsExactly(LOW, "0000000000000000" + LOW);
    }

    @Test
    void aHundredTwentyEightBitIdIsThirtyTwoLowerCaseDigits() {
        assertThat(TraceIds.canonical(FULL)).isEqualTo(FULL);
        assertThat(TraceIds.canonical(FULL.toUpperCase())).isEqualTo(FULL);
        assertThat(TraceIds.canonical("1" + LOW)).isEqualTo("000000000000000" + "1" + LOW);
        assertThat(TraceIds.storedForms(FULL)).containsExactly(FULL);
    }

    @Test
    void theSameIdInAnyFormIsTheSame() {
        assertThat(TraceIds.same(LOW, "0000000000000000" + LOW)).isTrue();
        assertThat(TraceIds.same(FULL, FULL.toUpperCase())).isTrue();
        assertThat(TraceIds.same(FULL, FULL)).isTrue();
        assertThat(TraceIds.same(LOW, FULL)).isFalse();
        assertThat(TraceIds.same("xyz", "xyz")).isFalse();
        assertThat(TraceIds.same(null, null)).isFalse();
    }

    @Test
    void whatIsNoTraceIdIsRefusedWithWhy() {
        assertThatThrownBy(() -> TraceIds.canonical("0".repeat(32))).hasMessageContaining("all-zero");
        assertThatThrownBy(() -> TraceIds.canonical("12g4")).hasMessageContaining("1 to 32 hex digits");
        assertThatThrownBy(() -> TraceIds.canonical("1".repeat(33))).hasMessageContaining("1 to 32 hex digits");
        assertThatThrownBy(() -> TraceIds.canonical("")).hasMessageContaining("1 to 32 hex digits");
        assertThatThrownBy(() -> TraceIds.validated("ＡＢ")).hasMessageContaining("1 to 32 hex digits");
    }
}
