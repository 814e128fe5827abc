package io.opsplane.console.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer-lag sample with 200 consumer groups, each committed on the 50 partitions of a watched topic (10,000
 * group partitions), a tenth of which commit between one sample and the next: what the console's sampler does every
 * interval (the admin reads, then the latest state, the
 * history row per group and topic, and the topics' activity written to PostgreSQL). Measured beside the limit it
 * stands on, the same admin reads made directly in the fewest requests, and a peer, the reads
 * {@code kafka-consumer-groups.sh --describe --all-groups} makes; with the ratios. Target: under 100 ms per sample.
 */
final class ConsumerLagBenchmark {

    private static final int GROUPS = Integer.getInteger("bench.lag.groups", 200);
    private static final int PARTITIONS = Integer.getInteger("bench.lag.partitions", 50);
    private static final int RUNS = 30;

    static void run() throws Exception {
        OrderSaga saga = new OrderSaga(TestKafka.uniquePrefix());
        TestKafka.createTopics(PARTITIONS, saga.orders);
        TestKafka.createTopics(1, saga.inventory, saga.payments);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                        saga.writeDefinition(Duration.ofMinutes(5))).property("opsplane.ingest.enabled", false).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            System.out.printf("%d groups committing on %d partitions of %s…%n", GROUPS, PARTITIONS, saga.orders);
            try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    for (int record = 0; record < 20; record++) {
                        producer.send(new ProducerRecord<>(saga.orders, partition, null, new byte[] {1}));
                    }
                }
            }
            for (int group = 0; group < GROUPS; group++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    offsets.put(new TopicPartition(saga.orders, partition), new OffsetAndMetadata((group + partition) % 20));
                }
                admin.alterConsumerGroupOffsets(saga.prefix + "-group-" + group, offsets).all().get();
            }

            ConsumerLag lag = opsplane.bean(ConsumerLag.class);
            Set<String> watched = Set.of(saga.orders, saga.inventory, saga.payments);
            // the three are timed in turn within each round, so a busy machine slows them alike and the ratios hold
            List<Double> samples = new ArrayList<>();
            List<Double> plainReads = new ArrayList<>();
            List<Double> toolReads = new ArrayList<>();
            for (int round = 0; round <= RUNS; round++) {
                commitATenth(admin, saga.orders, saga.prefix, round);
                boolean warmUp = round == 0;
                time(warmUp ? null : samples, () -> lag.sample(Instant.now()));
                time(warmUp ? null : plainReads, () -> plainAdminReads(admin, watched));
                time(warmUp ? null : toolReads, () -> consumerGroupsToolReads(admin, watched));
            }
            long groups = lag.groups(Instant.now()).stream().filter(g -> g.group().startsWith(saga.prefix)).count();
            if (groups != GROUPS) {
                throw new IllegalStateException("sampled " + groups + " of the " + GROUPS + " groups");
            }
            double[] sample = Benchmarks.medianWorstP99(samples);
            double[] plain = Benchmarks.medianWorstP99(plainReads);
            double[] tool = Benchmarks.medianWorstP99(toolReads);
            System.out.printf("RESULT consumer-lag sample, %d groups x %d partitions: median %.1f ms, worst %.1f ms"
                            + " (%d runs)%n", GROUPS, PARTITIONS, sample[0], sample[1], RUNS);
            System.out.printf("RESULT plain admin reads of the same (the limit): median %.1f ms, worst %.1f ms%n",
                    plain[0], plain[1]);
            System.out.printf("RESULT kafka-consumer-groups.sh --describe --all-groups's reads of the same (the peer):"
                    + " median %.1f ms, worst %.1f ms%n", tool[0], tool[1]);
            System.out.printf("RESULT ratio sample / plain admin reads: %.2f (median)%n", sample[0] / plain[0]);
            System.out.printf("RESULT ratio sample / kafka-consumer-groups.sh's reads: %.2f (median)%n", sample[0] / tool[0]);
        }
    }

    /**
     * Every group, its committed offsets and members, and the watched topics' end offsets, in the fewest requests:
     * the broker's part. The groups here are all classic (members joined with the classic protocol, or none).
     */
    private static int plainAdminReads(Admin admin, Set<String> topics) throws Exception {
        List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                .map(GroupListing::groupId).toList();
        return offsetsMembersAndEnds(admin, groups, topics, () -> admin.describeClassicGroups(groups).all().get());
    }

    /** The same, asked as {@code kafka-consumer-groups.sh --describe --all-groups} asks it. */
    private static int consumerGroupsToolReads(Admin admin, Set<String> topics) throws Exception {
        List<String> groups = admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId).toList();
        return offsetsMembersAndEnds(admin, groups, topics, () -> admin.describeConsumerGroups(groups).all().get());
    }

    /**
     * The groups' committed offsets, their members (read by {@code describeMembers}, the one request the two ways
     * differ in) and the topics' end offsets; answers how many committed offsets are on the topics.
     */
    private static int offsetsMembersAndEnds(Admin admin, List<String> groups, Set<String> topics,
                                             Callable<?> describeMembers) throws Exception {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        int committed = 0;
        for (Map<TopicPartition, OffsetAndMetadata> offsets : admin.listConsumerGroupOffsets(specs).all().get().values()) {
            committed += (int) offsets.keySet().stream().filter(tp -> topics.contains(tp.topic())).count();
        }
        describeMembers.call();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(ends).all().get();
        return committed;
    }

    private static void time(List<Double> into, Callable<?> run) throws Exception {
        long began = System.nanoTime();
        run.call();
        if (into != null) {
            into.add((System.nanoTime() - began) / 1e6);
        }
    }

    /** Another tenth of the groups commit a record further on every partition (untimed, between samples). */
    private static void commitATenth(Admin admin, String topic, String prefix, int round) throws Exception {
        for (int group = round % 10; group < GROUPS; group += 10) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata((group + partition + round) % 20));
            }
            admin.alterConsumerGroupOffsets(prefix + "-group-" + group, offsets).all().get();
        }
    }
}
