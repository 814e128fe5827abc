package io.opsplane.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Label sets from data stay few: at most maxSeries per metric, the rest added up as (other); gone ones read 0. */
class GaugeFamilyTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GaugeFamily stuck = new GaugeFamily("opsplane.sagas.stuck", "stuck", null, 0, 3, () -> { },
            "step", "service");

    private double value(String step, String service) {
        Gauge gauge = registry.find("opsplane.sagas.stuck").tags("step", step, "service", service).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    @Test
    void labelSetsBeyondTheLimitAreAddedUpAsOther() {
        stuck.bindTo(registry, List.of(List.of("charge-payment", "payment")));
        stuck.update(Map.of(List.of("charge-payment", "payment"), 4.0, List.of("reserve-stock", "inventory"), 1.0));
        stuck.update(Map.of(List.of("charge-payment", "payment"), 5.0, List.of("step-a", "svc-a"), 2.0,
                List.of("step-b", "svc-b"), 3.0));

        assertThat(registry.find("opsplane.sagas.stuck").gauges()).hasSize(3);
        assertThat(value("charge-payment", "payment")).isEqualTo(5.0);
        // seen before, gone now: it falls to 0 instead of vanishing
        assertThat(value("reserve-stock", "inventory")).isEqualTo(0.0);
        assertThat(value(GaugeFamily.OTHER, GaugeFamily.OTHER)).isEqualTo(5.0);

        stuck.update(Map.of());
        assertThat(value(GaugeFamily.OTHER, GaugeFamily.OTHER)).isEqualTo(0.0);
        assertThat(registry.find("opsplane.sagas.stuck").gauges()).hasSize(3);
    }
}
