package io.opsplane.console.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.kafka.KafkaAdminOnDemand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * How far saga ingest has read, for the stuck scan: after an outage ingest catches up on a backlog, and a saga whose
 * next event still waits in it would look overdue. A partition holds the scan back while the ingest group is reading
 * it (a member has it) and has records left (its committed offset is short of the end), at the latest record
 * timestamp read from it. Kafka says which partitions are behind, as of now; the database says how far each was read,
 * in step with the saga state written from it.
 */
@Component
public class IngestProgress implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IngestProgress.class);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    /**
     * Up to when sagas can be judged: {@code upTo}, held back by {@code heldBy} ("topic/partition"), or now when
     * nothing holds it back ({@code heldBy} null). A partition nothing has been read from yet holds it back to the
     * epoch: no saga is judged until ingest has read from it.
     */
    public record ReadHorizon(Instant upTo, String heldBy) {

        /** Whether the partition holding the scan back has not been read from at all yet. */
        public boolean heldByUnread() {
            return heldBy != null && upTo.equals(Instant.EPOCH);
        }
    }

    private final IngestGroup group;
    private final SagaDefinitions definitions;
    private final IngestStore store;
    private final KafkaAdminOnDemand kafkaAdmin;

    IngestProgress(IngestGroup group, SagaDefinitions definitions, IngestStore store, KafkaProperties kafka) {
        this.group = group;
        this.definitions = definitions;
        this.store = store;
        this.kafkaAdmin = new KafkaAdminOnDemand(kafka, ANSWER_WITHIN, Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "opsplane-ingest-progress"));
    }

    /**
     * The horizon at {@code now}. A partition behind holds it back only while ingest keeps reading: one that no batch
     * has read from for {@code stalledAfter} (a consumer failing on every batch) must not stop the scan for good,
     * nor, while nothing has been read from it yet, must one of a group that reads nothing at all. When Kafka cannot
     * be asked, the horizon is now, as if ingest were caught up: the consumer-lag view and its alerts speak for
     * that outage.
     */
    public ReadHorizon horizon(Instant now, Duration stalledAfter) {
        Set<String> topics = definitions.topics();
        if (stalledAfter.isZero() || topics.isEmpty()) {
            return new ReadHorizon(now, null);
        }
        List<TopicPartition> behind;
        try {
            behind = behind(topics);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Could not ask Kafka how far ingest has read; judging sagas up to now", e);
            return new ReadHorizon(now, null);
        }
        if (behind.isEmpty()) {
            return new ReadHorizon(now, null);
        }
        Map<String, IngestStore.ReadMark> marks = store.readMarks();
        Instant stalledBefore = now.minus(stalledAfter);
        boolean groupReading = marks.values().stream().anyMatch(mark -> !mark.readAt().isBefore(stalledBefore));
        String heldBy = null;
        Instant upTo = now;
        for (TopicPartition partition : behind) {
            String name = partition.topic() + "/" + partition.partition();
            IngestStore.ReadMark mark = marks.get(name);
            boolean reading = mark == null ? groupReading : !mark.readAt().isBefore(stalledBefore);
            Instant readUpTo = mark == null ? Instant.EPOCH : mark.readUpTo();
            if (reading && readUpTo.isBefore(upTo)) {
                upTo = readUpTo;
                heldBy = name;
            }
        }
        return new ReadHorizon(upTo, heldBy);
    }

    /** The partitions of {@code topics} a member of the ingest group has, with records it has not committed. */
    private List<TopicPartition> behind(Set<String> topics) throws Exception {
        Admin admin = kafkaAdmin.get();
        long timeout = ANSWER_WITHIN.toMillis();
        // asked together: the answer costs the longer of the two round trips, then the offsets of what is assigned
        KafkaFuture<ConsumerGroupDescription> described =
                admin.describeConsumerGroups(List.of(group.groupId())).describedGroups().get(group.groupId());
        KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committed =
                admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata();
        List<TopicPartition> assigned = described.get(timeout, TimeUnit.MILLISECONDS).members().stream()
                .flatMap(member -> member.assignment().topicPartitions().stream())
                .filter(partition -> topics.contains(partition.topic()))
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .toList();
        if (assigned.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        assigned.forEach(partition -> {
            latest.put(partition, OffsetSpec.latest());
            earliest.put(partition, OffsetSpec.earliest());
        });
        KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> endsAsked = admin.listOffsets(latest).all();
        KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> startsAsked =
                admin.listOffsets(earliest).all();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = endsAsked.get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                startsAsked.get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(timeout, TimeUnit.MILLISECONDS);
        List<TopicPartition> behind = new ArrayList<>();
        for (TopicPartition partition : assigned) {
            // where the group reads from: its commit, or the start when it has none or retention has passed it
            OffsetAndMetadata offset = offsets.get(partition);
            long start = starts.get(partition).offset();
            long readFrom = offset == null ? start : Math.max(offset.offset(), start);
            if (readFrom < ends.get(partition).offset()) {
                behind.add(partition);
            }
        }
        return behind;
    }

    @Override
    public void destroy() {
        kafkaAdmin.close();
    }
}
