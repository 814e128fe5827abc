package io.opsplane.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void dependsOnTheLabelsNotTheirOrder() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("alertname", "SagaStuck");
        one.put("saga_type", "order-placement");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("saga_type", "order-placement");
        other.put("alertname", "SagaStuck");
        assertThat(Fingerprint.of(one)).isEqualTo(Fingerprint.of(other)).matches("[0-9a-f]{16}");
        assertThat(Fingerprint.of(Map.of("alertname", "SagaStuck", "saga_type", "order-return")))
                .isNotEqualTo(Fingerprint.of(one));
        // the separator keeps {a: "bc"} and {ab: "c"} apart
        assertThat(Fingerprint.of(Map.of("a", "bc"))).isNotEqualTo(Fingerprint.of(Map.of("ab", "c")));
    }
}
