package io.opsplane.alerting.signal;

import java.time.Duration;
import java.util.List;

/**
 * What alerting asks of the host about Kafka consumer groups on the topics it watches: how far behind each is, and
 * for how long it has not moved. Until an implementation is present, rules of those kinds evaluate to "no data".
 */
public interface ConsumerGroupSignals {

    /** One entry per consumer group and topic, as last sampled. */
    List<GroupTopicLag> lag();

    /**
     * {@code group} (of {@code service}) is {@code lag} records behind on {@code topic}, and has committed nothing
     * there for {@code stalledFor} while behind (zero when caught up); {@code members} consume for it.
     */
    record GroupTopicLag(String group, String service, String topic, long lag, Duration stalledFor, int members) {
    }
}
