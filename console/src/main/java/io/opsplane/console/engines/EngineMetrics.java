package io.opsplane.console.engines;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The engines panel as Prometheus series, per engine: {@code opsplane_engine_up} (1 when it answers),
 * {@code opsplane_engine_degraded}, {@code opsplane_engine_latency_seconds} (of the last look),
 * {@code opsplane_engine_status_since_seconds} (Unix time of the last change) and
 * {@code opsplane_kafka_missing_topics}.
 */
@Component
record EngineMetrics(Engines engines) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String engine : new String[] {"postgres", "kafka", "search"}) {
            gauge(registry, "opsplane.engine.up", engine, "1 when the engine answered its last look",
                    state -> state.status() == EngineStatus.DOWN ? 0 : 1);
            gauge(registry, "opsplane.engine.degraded", engine, "1 when the engine answers but lacks something Opsplane needs",
                    state -> state.status() == EngineStatus.DEGRADED ? 1 : 0);
            gauge(registry, "opsplane.engine.status.since", engine, "Unix time in seconds when the status last changed",
                    state -> state.since().getEpochSecond());
            TimeGauge.builder("opsplane.engine.latency", engines, TimeUnit.MILLISECONDS, all -> {
                        EngineState state = all.state(engine);
                        return state == null || state.latency() == null ? Double.NaN : state.latency().toMillis();
                    }).tag("engine", engine).description("how long the engine's last look took to answer")
                    .register(registry);
        }
        Gauge.builder("opsplane.kafka.missing.topics", engines, all -> {
                    EngineState kafka = all.state("kafka");
                    return kafka == null || !(kafka.details().get("missingTopics") instanceof java.util.List<?> missing)
                            ? Double.NaN : missing.size();
                }).description("topics the saga definitions name that do not exist").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String engine, String description,
                       ToDoubleFunction<EngineState> value) {
        Gauge.builder(name, engines, all -> {
            EngineState state = all.state(engine);
            return state == null ? Double.NaN : value.applyAsDouble(state);
        }).tag("engine", engine).description(description).register(registry);
    }
}
