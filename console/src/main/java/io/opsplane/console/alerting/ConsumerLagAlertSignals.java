package io.opsplane.console.alerting;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.alerting.signal.ConsumerGroupSignals;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import org.springframework.stereotype.Component;

/** Answers consumer-lag and consumer-stalled rules from the last lag sample. */
@Component
class ConsumerLagAlertSignals implements ConsumerGroupSignals {

    private final ConsumerLag consumerLag;
    private final Clock clock;

    ConsumerLagAlertSignals(ConsumerLag consumerLag, Clock clock) {
        this.consumerLag = consumerLag;
        this.clock = clock;
    }

    @Override
    public List<ConsumerGroupSignals.GroupTopicLag> lag() {
        Instant now = clock.instant();
        List<ConsumerGroupSignals.GroupTopicLag> out = new ArrayList<>();
        for (GroupLag group : consumerLag.groups(now)) {
            for (TopicLag topic : group.topics()) {
                out.add(new ConsumerGroupSignals.GroupTopicLag(group.group(), group.service(), topic.topic(), topic.lag(),
                        topic.stalledFor(now), group.members()));
            }
        }
        return out;
    }
}
