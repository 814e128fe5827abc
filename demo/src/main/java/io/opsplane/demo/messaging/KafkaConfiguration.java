package io.opsplane.demo.messaging;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The shop's topics exist before anyone listens, and a listener that fails is retried, not skipped. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics shopTopics(Topics topics, @Value("${demo.topics.partitions:3}") int partitions) {
        return new KafkaAdmin.NewTopics(topics.all().stream()
                .map(name -> new NewTopic(name, partitions, (short) 1)).toArray(NewTopic[]::new));
    }

    /**
     * A failing listener (database away, say) retries the same record with growing pauses for as
     * long as it takes: skipping would lose a saga step, and at-least-once is the contract.
     */
    @Bean
    DefaultErrorHandler listenerErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
