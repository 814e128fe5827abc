package io.opsplane.demo.messaging;

import java.util.List;

import org.springframework.kafka.listener.MessageListener;

/**
 * A topic a service listens to. The {@code id} names the Kafka listener and its consumer group
 * ({@code <service>.<id>}) and, for events, the {@link Inbox} consumer; services declare theirs as
 * a {@link Subscriptions} bean and {@link SubscriptionEndpoints} starts the listeners.
 */
public record Subscription(String id, String topic, MessageListener<String, byte[]> listener) {

    /** A service's subscriptions, as one bean. */
    public record Subscriptions(List<Subscription> all) {

        public static Subscriptions of(Subscription... subscriptions) {
            return new Subscriptions(List.of(subscriptions));
        }
    }
}
