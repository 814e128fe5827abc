package io.opsplane.console.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters, unmatched-event counts and how far each partition has been read, written in the same transaction as
 * the batch's saga state.
 */
@Repository
class IngestStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    IngestStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record DeadLetter(IncomingRecord record, String reason, String sagaType) {
    }

    record UnmatchedKey(String topic, String eventType) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void saveDeadLetters(List<DeadLetter> deadLetters, Instant receivedAt) {
        if (deadLetters.isEmpty()) {
            return;
        }
        // a redelivered poison record is the same dead letter, not a second one
        jdbc.batchUpdate("""
                INSERT INTO dead_letter (topic, kafka_partition, kafka_offset, record_key, headers, raw_value, reason,
                                         saga_type, received_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, deadLetters, deadLetters.size(), (ps, d) -> {
            IncomingRecord r = d.record();
            ps.setString(1, r.topic());
            ps.setInt(2, r.partition());
            ps.setLong(3, r.offset());
            ps.setBytes(4, r.key());
            ps.setString(5, JSON.writeValueAsString(r.headers()));
            ps.setBytes(6, r.value());
            ps.setString(7, d.reason());
            ps.setString(8, d.sagaType());
            ps.setTimestamp(9, Timestamp.from(receivedAt));
        });
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void countUnmatched(Map<UnmatchedKey, Long> counts, Instant seenAt) {
        if (counts.isEmpty()) {
            return;
        }
        List<Map.Entry<UnmatchedKey, Long>> rows = counts.entrySet().stream()
                // a fixed order keeps concurrent consumers from deadlocking on the same counters
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(UnmatchedKey::topic)
                        .thenComparing(UnmatchedKey::eventType)))
                .toList();
        jdbc.batchUpdate("""
                INSERT INTO unmatched_event (topic, event_type, count, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (topic, event_type) DO UPDATE
                SET count = unmatched_event.count + excluded.count, last_seen = excluded.last_seen
                """, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.getKey().topic());
            ps.setString(2, row.getKey().eventType());
            ps.setLong(3, row.getValue());
            ps.setTimestamp(4, Timestamp.from(seenAt));
            ps.setTimestamp(5, Timestamp.from(seenAt));
        });
    }

    /** A partition and the latest record timestamp read from it. */
    record PartitionRead(String topic, int partition, Instant readUpTo) {
    }

    /** How far a partition has been read, and when a batch last read from it. */
    record ReadMark(Instant readUpTo, Instant readAt) {
    }

    /**
     * Moves each partition's read mark on to the latest timestamp its batch held; never back, since timestamps need
     * not rise within a partition (producers' clocks, a record sent again).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void recordProgress(List<PartitionRead> reads, Instant readAt) {
        if (reads.isEmpty()) {
            return;
        }
        List<PartitionRead> rows = reads.stream()
                // a fixed order keeps consumers taking over each other's partitions from deadlocking
                .sorted(Comparator.comparing(PartitionRead::topic).thenComparingInt(PartitionRead::partition))
                .toList();
        jdbc.batchUpdate("""
                INSERT INTO ingest_partition_progress AS p (topic, kafka_partition, read_up_to, read_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (topic, kafka_partition) DO UPDATE
                SET read_up_to = greatest(p.read_up_to, excluded.read_up_to), read_at = excluded.read_at
                """, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.topic());
            ps.setInt(2, row.partition());
            ps.setTimestamp(3, Timestamp.from(row.readUpTo()));
            ps.setTimestamp(4, Timestamp.from(readAt));
        });
    }

    /** Each partition's read mark, by "topic/partition"; a partition never read is absent. */
    Map<String, ReadMark> readMarks() {
        Map<String, ReadMark> marks = new HashMap<>();
        jdbc.query("SELECT topic, kafka_partition, read_up_to, read_at FROM ingest_partition_progress", rs -> {
            marks.put(rs.getString(1) + "/" + rs.getInt(2),
                    new ReadMark(rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()));
        });
        return marks;
    }

    record UnmatchedEvent(String topic, String eventType, long count, Instant firstSeen, Instant lastSeen) {
    }

    /** Events on watched topics that no saga definition recognises, counted by topic and type, most frequent first. */
    List<UnmatchedEvent> unmatched() {
        return jdbc.query("""
                SELECT topic, event_type, count, first_seen, last_seen FROM unmatched_event
                ORDER BY count DESC, topic, event_type""", (rs, n) -> new UnmatchedEvent(rs.getString(1),
                rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()));
    }
}
