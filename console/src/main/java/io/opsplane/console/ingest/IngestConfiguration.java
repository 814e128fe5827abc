package io.opsplane.console.ingest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    /**
     * Bad records never reach here (they become dead letters); what fails a batch is the database.
     * Retrying it for as long as that lasts, without committing, is what keeps every accepted event.
     */
    @Bean
    CommonErrorHandler ingestErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }

    /**
     * Static membership when the deployment names its instances (a pod's name, OPSPLANE_INSTANCE_ID): a console
     * back within the session timeout gets its partitions again without a rebalance of the whole group. The
     * listener container appends each consumer's index, so the ids stay unique within the instance.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer staticMembership(@Value("${opsplane.kafka.instance-id:}") String instanceId) {
        return factory -> {
            if (!instanceId.isBlank()) {
                factory.updateConfigs(java.util.Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "opsplane-" + instanceId));
            }
        };
    }
}
