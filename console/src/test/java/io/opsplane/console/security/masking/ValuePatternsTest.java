package io.opsplane.console.security.masking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuePatternsTest {

    @Test
    void masksLuhnValidCardNumbersKeepingTheLastFourDigits() {
        assertThat(ValuePatterns.mask("paid with 4111 1111 1111 1111 today")).isEqualTo("paid with ****1111 today");
        assertThat(ValuePatterns.mask("4111111111111111")).isEqualTo("****1111");
        assertThat(ValuePatterns.mask("4111-1111-1111-1111")).isEqualTo("****1111");
    }

    @Test
    void leavesNumbersThatAreNotCardNumbersAlone() {
        assertThat(ValuePatterns.mask("order 4111111111111112")).isEqualTo("order 4111111111111112");
        assertThat(ValuePatterns.mask("trace 1234567890")).isEqualTo("trace 1234567890");
    }

    @Test
    void masksEmailAddresses() {
        assertThat(ValuePatterns.mask("{\"note\":\"ask jane.doe@example.com\"}"))
                .isEqualTo("{\"note\":\"ask [masked]\"}");
    }

    @Test
    void masksOverlongInputWholeWithoutScanningIt() {
        assertThat(ValuePatterns.mask("1".repeat(ValuePatterns.MAX_SCANNED_LENGTH + 1))).isEqualTo(ValuePatterns.MASKED);
    }
}
