package io.opsplane.console.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.ingest.IngestGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * How far behind each consumer group is on the topics the saga definitions name (events and commands), and whether
 * it is moving: the signal that a service has stopped consuming, before any saga times out waiting for it.
 */
@Service
public class ConsumerLag {

    /** The service shown for Opsplane's own saga consumers. */
    public static final String OPSPLANE = "opsplane";

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final KafkaGroupOffsets kafka;
    private final LagStore store;
    private final SagaDefinitions definitions;
    private final IngestGroup ingestGroup;
    private final LagProperties properties;

    ConsumerLag(KafkaGroupOffsets kafka, LagStore store, SagaDefinitions definitions, IngestGroup ingestGroup,
                LagProperties properties) {
        this.kafka = kafka;
        this.store = store;
        this.definitions = definitions;
        this.ingestGroup = ingestGroup;
        this.properties = properties;
    }

    /** Every group on the watched topics as the last sample saw it, worst first. */
    public List<GroupLag> groups(Instant now) {
        return store.current().stream().map(this::named).sorted(GroupLag.worstFirst(now)).toList();
    }

    /** The groups that are behind, worst first, at most {@code limit}. */
    public List<GroupLag> behind(Instant now, int limit) {
        return groups(now).stream().filter(g -> g.lag() > 0).limit(limit).toList();
    }

    /** A group's lag per topic over the last {@code window}. */
    public List<LagPoint> history(String group, Duration window, Instant now) {
        return store.history(group, now.minus(window));
    }

    /** The topic's records and when they last grew, as sampled; null when it was never sampled. */
    public TopicActivity activity(String topic) {
        return store.activity(topic);
    }

    public String serviceOf(String group) {
        String configured = properties.groupServices().get(group);
        if (configured != null) {
            return configured;
        }
        if (group.equals(ingestGroup.groupId())) {
            return OPSPLANE;
        }
        // "order-service.payment-events": a service with one group per subscription names it service.subscription
        int dot = group.indexOf('.');
        return dot > 0 ? group.substring(0, dot) : group;
    }

    /** Takes one sample; with Kafka away nothing is recorded, and the last sample's time says how old the figures are. */
    public boolean sample(Instant at) {
        KafkaGroupOffsets.Sample sample;
        try {
            sample = kafka.read(definitions.topicsInvolved());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("Consumer lag not sampled: {}", e.toString());
            return false;
        }
        store.record(at, sample, at.minus(properties.keep()));
        return true;
    }

    private GroupLag named(GroupLag group) {
        return new GroupLag(group.group(), serviceOf(group.group()), group.state(), group.members(), group.sampledAt(),
                List.copyOf(group.topics()));
    }
}
