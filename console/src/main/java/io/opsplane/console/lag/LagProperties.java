package io.opsplane.console.lag;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Consumer-group lag on the topics the saga definitions name, under {@code opsplane.lag}. */
@ConfigurationProperties("opsplane.lag")
public record LagProperties(
        /* How often every consumer group's committed offsets are compared with the topics' end offsets. */
        @DefaultValue("10s") Duration sampleInterval,
        /* How long the lag history behind the charts is kept. */
        @DefaultValue("1d") Duration keep,
        /* The service each consumer group belongs to, where its id is neither the service's name nor
           service.subscription. */
        Map<String, String> groupServices) {

    public LagProperties {
        groupServices = groupServices == null ? Map.of() : Map.copyOf(groupServices);
    }
}
