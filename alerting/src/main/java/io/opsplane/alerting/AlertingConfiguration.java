package io.opsplane.alerting;

import java.time.Clock;
import java.time.Duration;

import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.alerting.config.ConsoleAddress;
import io.opsplane.alerting.notify.Receivers;
import io.opsplane.support.outbound.PinnedHttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Everything alerting needs, for the application that hosts it to import. The host provides a
 * DataSource (PostgreSQL, with Flyway running classpath:db/migration), a Quartz scheduler on the
 * clustered JDBC job store, and the signal ports it can answer (io.opsplane.alerting.signal).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties({AlertingProperties.class, ConsoleAddress.class})
public class AlertingConfiguration {

    @Bean
    Clock alertingClock() {
        return Clock.systemUTC();
    }

    /**
     * Connects only to the addresses the receivers' guard resolved and vetted, over HTTP/1.1 without upgrade
     * headers, and never follows redirects: a receiver could otherwise bounce a request past the allow-list.
     */
    @Bean
    PinnedHttpClient alertingHttpClient(Receivers receivers) {
        return new PinnedHttpClient(receivers.guard()::addresses, Duration.ofSeconds(5), null);
    }
}
