package io.opsplane.demo.messaging;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import io.opsplane.demo.messaging.Subscription.Subscriptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListenerConfigurer;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.config.KafkaListenerEndpointRegistrar;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Starts one Kafka listener per {@link Subscription}, in the registry and with the container
 * factory that a {@code @KafkaListener} would get (so the retrying error handler and the stop
 * fault apply alike).
 */
@Component
class SubscriptionEndpoints implements KafkaListenerConfigurer {

    private final List<Subscriptions> subscriptions;
    private final String serviceGroup;

    SubscriptionEndpoints(List<Subscriptions> subscriptions,
                          @Value("${spring.kafka.consumer.group-id}") String serviceGroup) {
        this.subscriptions = subscriptions;
        this.serviceGroup = serviceGroup;
    }

    @Override
    public void configureKafkaListeners(KafkaListenerEndpointRegistrar registrar) {
        subscriptions.stream().flatMap(declared -> declared.all().stream())
                .forEach(subscription -> registrar.registerEndpoint(
                        new Endpoint(subscription, serviceGroup + "." + subscription.id())));
    }

    /** What {@code @KafkaListener(id, groupId, topics)} declares, and nothing else (null: the factory's default). */
    private record Endpoint(Subscription subscription, String groupId) implements KafkaListenerEndpoint {

        @Override
        public String getId() {
            return subscription.id();
        }

        @Override
        public String getGroupId() {
            return groupId;
        }

        @Override
        public Collection<String> getTopics() {
            return List.of(subscription.topic());
        }

        @Override
        public void setupListenerContainer(MessageListenerContainer container, MessageConverter converter) {
            container.setupMessageListener(subscription.listener());
        }

        @Override
        public boolean isSplitIterables() {
            return true;
        }

        @Override
        public String getGroup() {
            return null;
        }

        @Override
        public TopicPartitionOffset[] getTopicPartitionsToAssign() {
            return null;
        }

        @Override
        public Pattern getTopicPattern() {
            return null;
        }

        @Override
        public String getClientIdPrefix() {
            return null;
        }

        @Override
        public Integer getConcurrency() {
            return null;
        }

        @Override
        public Boolean getAutoStartup() {
            return null;
        }

        @Override
        public String getAckMode() {
            return null;
        }
    }
}
