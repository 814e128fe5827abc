package io.opsplane.alerting;

import io.opsplane.alerting.config.AlertingProperties;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

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
@EnableConfigurationProperties(AlertingProperties.class)
public class AlertingConfiguration {

    @Bean
    Clock alertingClock() {
        return Clock.systemUTC();
    }

    /** Never follows redirects: a receiver could otherwise bounce a request past the host allow-list. */
    @Bean
    HttpClient alertingHttpClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
