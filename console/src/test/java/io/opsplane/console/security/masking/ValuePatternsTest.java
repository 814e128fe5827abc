package io.opsplane.console.security.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ValuePatternsTest {

    private final ValuePatterns patterns = new ValuePatterns(
            List.of(ValuePatterns.CARD_NUMBERS, ValuePatterns.EMAIL_ADDRESSES), Map.of("iban", "DE\\d{20}+"));

    @Test
    void masksLuhnValidCardNumbersKeepingTheLastFourDigits() {
        assertThat(patterns.mask("paid with 4111 1111 1111 1111 today")).isEqualTo("paid with ****1111 today");
        assertThat(patterns.mask("4111111111111111")).isEqualTo("****1111");
        assertThat(patterns.mask("4111-1111-1111-1111")).isEqualTo("****1111");
        assertThat(patterns.masksNumber("4111111111111111")).isTrue();
    }

    @Test
    void leavesNumbersThatAreNotCardNumbersAlone() {
        assertThat(patterns.mask("order 4111111111111112")).isEqualTo("order 4111111111111112");
        assertThat(patterns.mask("trace 1234567890")).isEqualTo("trace 1234567890");
        assertThat(patterns.masksNumber("1234567890")).isFalse();
        // hex ids and hashes can hold Luhn-valid digit runs; digits touching letters are not a card number
        assertThat(patterns.mask("trace 4bf9f4111111111111111a3c")).isEqualTo("trace 4bf9f4111111111111111a3c");
    }

    @Test
    void masksEmailAddressesAndConfiguredPatterns() {
        assertThat(patterns.mask("{\"note\":\"ask jane.doe@example.com\"}")).isEqualTo("{\"note\":\"ask [masked]\"}");
        assertThat(patterns.mask("pay to DE89370400440532013000")).isEqualTo("pay to [masked]");
    }

    @Test
    void masksOverlongInputWholeWithoutScanningIt() {
        assertThat(patterns.mask("1".repeat(ValuePatterns.MAX_SCANNED_LENGTH + 1))).isEqualTo(ValuePatterns.MASKED);
    }

    @Test
    void kindsCanBeSwitchedOffAndUnknownKindsAreRefused() {
        assertThat(new ValuePatterns(List.of(), Map.of()).mask("jane@example.com 4111111111111111"))
                .isEqualTo("jane@example.com 4111111111111111");
        assertThatThrownBy(() -> new ValuePatterns(List.of("phone-numbers"), Map.of()))
                .hasMessageContaining("phone-numbers");
    }
}
