package io.opsplane.console.testing;

import java.time.Duration;

import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.telemetry.otlp.OtlpLogSink;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On a branch without the trace and log stores, the OTLP receiver has no sinks and the application
 * cannot start; these stand in for the tests only, answering "unavailable", and step aside as soon as
 * real sinks exist. Delete once telemetry.trace and telemetry.log provide theirs.
 */
@Configuration(proxyBeanMethods = false)
class TelemetrySinksUntilWired {

    @Bean
    @ConditionalOnMissingBean
    OtlpTraceSink unwiredTraceSink() {
        return request -> {
            throw new TelemetryUnavailableException("no trace store on this branch", Duration.ofSeconds(60), null);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    OtlpLogSink unwiredLogSink() {
        return request -> {
            throw new TelemetryUnavailableException("no log store on this branch", Duration.ofSeconds(60), null);
        };
    }
}
