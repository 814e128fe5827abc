package io.opsplane.demo.fault;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The faults every service has. */
@Configuration(proxyBeanMethods = false)
class CommonFaults {

    /**
     * {@code POST /faults/stop}: the service stops consuming Kafka (its listeners pause; HTTP still
     * answers), as if it had died for the sagas. {@code DELETE /faults/stop} resumes from the
     * committed offsets: nothing published meanwhile is lost.
     */
    @Bean
    FaultSwitch stopConsuming(KafkaListenerEndpointRegistry listeners) {
        return new OnOffFault("stop", "stop consuming events and commands (DELETE resumes where it stopped)",
                "not consuming", stop -> listeners.getListenerContainers()
                        .forEach(stop ? MessageListenerContainer::pause : MessageListenerContainer::resume));
    }
}
