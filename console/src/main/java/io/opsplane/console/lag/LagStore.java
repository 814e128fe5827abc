package io.opsplane.console.lag;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.lag.KafkaGroupOffsets.GroupSample;
import io.opsplane.console.lag.KafkaGroupOffsets.PartitionSample;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Owns the consumer-group tables: the latest sample per group and partition, and the lag history. */
@Repository
class LagStore {

    private final JdbcTemplate jdbc;

    LagStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records one sample; groups and partitions it did not see are forgotten, history older than {@code keepFrom} too. */
    @Transactional
    void record(Instant at, KafkaGroupOffsets.Sample sample, Instant keepFrom) {
        List<GroupSample> groups = sample.groups();
        Timestamp now = Timestamp.from(at);
        List<Object[]> groupRows = new ArrayList<>();
        // what the previous sample left, so that only what changed is written: 200 groups on 50 partitions are
        // 10,000 rows, and rewriting them all took ~80 ms a sample where reading them takes a few
        Map<List<Object>, List<Long>> stored = new HashMap<>();
        jdbc.query("SELECT group_id, topic, kafka_partition, committed_offset, end_offset FROM consumer_group_partition",
                rs -> {
                    stored.put(List.of(rs.getString(1), rs.getString(2), rs.getInt(3)),
                            Arrays.asList((Long) rs.getObject(4), rs.getLong(5)));
                });
        List<String> groupIds = new ArrayList<>();
        List<String> topicNames = new ArrayList<>();
        List<Integer> partitionNumbers = new ArrayList<>();
        List<Long> committedOffsets = new ArrayList<>();
        List<Long> endOffsets = new ArrayList<>();
        Map<String, Long> lagByGroupTopic = new LinkedHashMap<>();
        for (GroupSample group : groups) {
            groupRows.add(new Object[] {group.group(), group.state(), group.members(), now});
            for (PartitionSample p : group.partitions()) {
                List<Long> before = stored.remove(List.of(group.group(), p.topic(), p.partition()));
                if (before == null || !Arrays.asList(p.committed(), p.end()).equals(before)) {
                    groupIds.add(group.group());
                    topicNames.add(p.topic());
                    partitionNumbers.add(p.partition());
                    committedOffsets.add(p.committed());
                    endOffsets.add(p.end());
                }
                long lag = p.committed() == null ? 0 : Math.max(0, p.end() - p.committed());
                lagByGroupTopic.merge(group.group() + "\u0000" + p.topic(), lag, Long::sum);
            }
        }
        Timestamp previous = jdbc.queryForObject("SELECT max(sampled_at) FROM consumer_group", Timestamp.class);
        jdbc.batchUpdate("""
                INSERT INTO consumer_group (group_id, state, members, sampled_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (group_id) DO UPDATE SET state = EXCLUDED.state, members = EXCLUDED.members,
                    sampled_at = EXCLUDED.sampled_at""", groupRows);
        // Progress: the committed offset moved, or there is nothing left to consume. A partition left alone while
        // caught up was caught up at every sample until the previous one: that is its last progress when it falls
        // behind. One statement over arrays (row by row, 10,000 rows took ~200 ms).
        jdbc.update("""
                INSERT INTO consumer_group_partition AS p (group_id, topic, kafka_partition, committed_offset, end_offset,
                                                          last_progress_at)
                SELECT g, t, k, c, e, ? FROM unnest(?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[]) AS r (g, t, k, c, e)
                ON CONFLICT (group_id, topic, kafka_partition) DO UPDATE SET
                    last_progress_at = CASE
                        WHEN EXCLUDED.committed_offset IS DISTINCT FROM p.committed_offset
                          OR EXCLUDED.committed_offset >= EXCLUDED.end_offset THEN EXCLUDED.last_progress_at
                        WHEN p.committed_offset >= p.end_offset THEN coalesce(?, p.last_progress_at)
                        ELSE p.last_progress_at END,
                    committed_offset = EXCLUDED.committed_offset,
                    end_offset = EXCLUDED.end_offset""", ps -> {
            ps.setTimestamp(1, now);
            ps.setArray(2, ps.getConnection().createArrayOf("text", groupIds.toArray()));
            ps.setArray(3, ps.getConnection().createArrayOf("text", topicNames.toArray()));
            ps.setArray(4, ps.getConnection().createArrayOf("int4", partitionNumbers.toArray()));
            ps.setArray(5, ps.getConnection().createArrayOf("int8", committedOffsets.toArray()));
            ps.setArray(6, ps.getConnection().createArrayOf("int8", endOffsets.toArray()));
            ps.setTimestamp(7, previous);
        });
        // the partitions this sample did not see (a group gone, or no longer on the topic) are forgotten
        List<Object[]> gone = stored.keySet().stream().map(List::toArray).toList();
        jdbc.batchUpdate("DELETE FROM consumer_group_partition WHERE group_id = ? AND topic = ? AND kafka_partition = ?",
                gone);
        jdbc.update("DELETE FROM consumer_group WHERE sampled_at < ?", now);
        List<Object[]> history = new ArrayList<>();
        lagByGroupTopic.forEach((key, lag) -> {
            String[] parts = key.split("\u0000", 2);
            history.add(new Object[] {parts[0], parts[1], now, lag});
        });
        jdbc.batchUpdate("INSERT INTO consumer_lag_sample (group_id, topic, sampled_at, lag) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", history);
        jdbc.update("DELETE FROM consumer_lag_sample WHERE sampled_at < ?", Timestamp.from(keepFrom));
        List<Object[]> topics = new ArrayList<>();
        sample.topicEnds().forEach((topic, records) -> topics.add(new Object[] {topic, records, now}));
        // the first sample of a topic cannot tell when it last grew
        jdbc.batchUpdate("""
                INSERT INTO topic_activity AS a (topic, records, sampled_at) VALUES (?, ?, ?)
                ON CONFLICT (topic) DO UPDATE SET
                    last_append_at = CASE WHEN EXCLUDED.records > a.records THEN EXCLUDED.sampled_at ELSE a.last_append_at END,
                    records = EXCLUDED.records,
                    sampled_at = EXCLUDED.sampled_at""", topics);
    }

    TopicActivity activity(String topic) {
        return jdbc.query("SELECT * FROM topic_activity WHERE topic = ?", (rs, n) -> {
            Timestamp last = rs.getTimestamp("last_append_at");
            return new TopicActivity(topic, rs.getLong("records"), last == null ? null : last.toInstant(),
                    rs.getTimestamp("sampled_at").toInstant());
        }, topic).stream().findFirst().orElse(null);
    }

    /** What the last sample saw, per group and topic; the service is left for the caller to name. */
    List<GroupLag> current() {
        Map<String, GroupLag> groups = new LinkedHashMap<>();
        jdbc.query("""
                SELECT g.group_id, g.state, g.members, g.sampled_at, p.topic, count(*) AS partitions,
                       coalesce(sum(greatest(p.end_offset - p.committed_offset, 0)), 0) AS lag,
                       count(*) FILTER (WHERE p.committed_offset IS NULL) AS uncommitted,
                       max(p.last_progress_at) FILTER (WHERE p.committed_offset < p.end_offset) AS behind_since
                FROM consumer_group g JOIN consumer_group_partition p USING (group_id)
                GROUP BY g.group_id, g.state, g.members, g.sampled_at, p.topic
                ORDER BY g.group_id, p.topic""", rs -> {
            String id = rs.getString("group_id");
            String state = rs.getString("state");
            int members = rs.getInt("members");
            Instant sampledAt = rs.getTimestamp("sampled_at").toInstant();
            GroupLag group = groups.computeIfAbsent(id,
                    g -> new GroupLag(id, null, state, members, sampledAt, new ArrayList<>()));
            Timestamp behind = rs.getTimestamp("behind_since");
            group.topics().add(new TopicLag(rs.getString("topic"), rs.getInt("partitions"), rs.getLong("lag"),
                    rs.getInt("uncommitted"), behind == null ? null : behind.toInstant()));
        });
        return List.copyOf(groups.values());
    }

    /** A group's lag per topic since {@code from}, oldest first. */
    List<LagPoint> history(String group, Instant from) {
        return jdbc.query("""
                SELECT sampled_at, topic, lag FROM consumer_lag_sample WHERE group_id = ? AND sampled_at >= ?
                ORDER BY sampled_at, topic""", (rs, n) -> new LagPoint(rs.getTimestamp("sampled_at").toInstant(),
                rs.getString("topic"), rs.getLong("lag")), group, Timestamp.from(from));
    }
}
