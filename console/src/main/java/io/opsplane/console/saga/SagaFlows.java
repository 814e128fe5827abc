package io.opsplane.console.saga;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.definition.StepDefinition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A saga type's flow: where its open sagas are, step by step, and how long each step took. A step's duration runs
 * from the moment the saga entered it (the previous step done, or the saga's start) to the step's done event, as
 * the stuck scan times a step against its timeout.
 */
@Service
public class SagaFlows {

    /** Sagas read at most to time the steps of one window: the newest, so the chart's right end is always there. */
    static final int MEASURED_AT_MOST = 50_000;
    static final int BUCKETS = 30;
    private static final List<String> OPEN = List.of("RUNNING", "STUCK", "FAILED", "COMPENSATING");

    private final JdbcTemplate jdbc;
    private final SagaDefinitions definitions;

    SagaFlows(JdbcTemplate jdbc, SagaDefinitions definitions) {
        this.jdbc = jdbc;
        this.definitions = definitions;
    }

    /** The flow of {@code type} now, with durations and paths of the sagas started in {@code [from, to)}; null for an unknown type. */
    public SagaFlow flow(String type, Instant from, Instant to) {
        SagaDefinition latest = definitions.latest(type);
        if (latest == null) {
            return null;
        }
        Map<String, long[]> live = liveCounts(type);
        Durations durations = durations(type, from, to, BUCKETS);
        List<SagaFlow.Step> steps = new ArrayList<>();
        for (StepDefinition step : latest.steps()) {
            steps.add(step(step.name(), step.service(), true, latest.timeoutOf(step), live.remove(step.name()),
                    durations));
        }
        // an older version's step that sagas still wait on
        live.forEach((name, counts) -> steps.add(step(name, null, false, null, counts, durations)));
        return new SagaFlow(type, from, to, List.copyOf(steps), paths(type, from, to), durations.bucketStarts(),
                durations.sagas, durations.sagas < MEASURED_AT_MOST);
    }

    /** Per step of {@code type}'s latest definition, how long the step took for the sagas started in the window. */
    public List<StepTiming> stepTimings(String type, Instant from, Instant to) {
        SagaDefinition latest = definitions.latest(type);
        if (latest == null) {
            return List.of();
        }
        Durations durations = durations(type, from, to, 1);
        List<StepTiming> out = new ArrayList<>();
        for (StepDefinition step : latest.steps()) {
            long[] took = durations.all(step.name());
            out.add(new StepTiming(type, step.name(), step.service(), latest.timeoutOf(step), took.length,
                    percentile(took, 0.95)));
        }
        return out;
    }

    /** How long one step of one saga type took in a window: {@code finished} times, their 95th percentile (null: none). */
    public record StepTiming(String sagaType, String step, String service, Duration timeout, long finished,
                             Duration p95) {
    }

    private static SagaFlow.Step step(String name, String service, boolean defined, Duration timeout, long[] live,
                                      Durations durations) {
        long[] counts = live == null ? new long[4] : live;
        long[] took = durations.all(name);
        List<Duration> byBucket = new ArrayList<>();
        for (long[] bucket : durations.byBucket(name)) {
            byBucket.add(percentile(bucket, 0.95));
        }
        return new SagaFlow.Step(name, service, defined, timeout, counts[0], counts[1], counts[2], counts[3],
                took.length, percentile(took, 0.5), percentile(took, 0.95), byBucket);
    }

    /** Open sagas per step and status (running, stuck, failed, compensating), from the counts kept (saga_count). */
    private Map<String, long[]> liveCounts(String type) {
        Map<String, long[]> live = new LinkedHashMap<>();
        jdbc.query("""
                SELECT current_step, status, sum(sagas) FROM saga_count
                WHERE saga_type = ? AND status = ANY (?) AND current_step IS NOT NULL GROUP BY 1, 2
                HAVING sum(sagas) > 0 ORDER BY 1""", rs -> {
            live.computeIfAbsent(rs.getString(1), step -> new long[4])[OPEN.indexOf(rs.getString(2))] = rs.getLong(3);
        }, type, OPEN.toArray(String[]::new));
        return live;
    }

    private SagaFlow.Paths paths(String type, Instant from, Instant to) {
        Map<String, Long> byStatus = new HashMap<>();
        jdbc.query("SELECT status, count(*) FROM saga_instance WHERE started_at >= ? AND started_at < ? AND saga_type = ?"
                + " GROUP BY 1", rs -> {
            byStatus.put(rs.getString(1), rs.getLong(2));
        }, Timestamp.from(from), Timestamp.from(to), type);
        long started = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long open = OPEN.stream().mapToLong(s -> byStatus.getOrDefault(s, 0L)).sum();
        return new SagaFlow.Paths(started, byStatus.getOrDefault("COMPLETED", 0L),
                byStatus.getOrDefault("COMPENSATED", 0L), byStatus.getOrDefault("RESOLVED", 0L), open);
    }

    /** Reads the progress of the window's newest sagas (through the started_at index) and times their steps. */
    private Durations durations(String type, Instant from, Instant to, int buckets) {
        Durations durations = new Durations(from, to, buckets);
        jdbc.query("""
                SELECT definition_version, progress FROM saga_instance
                WHERE started_at >= ? AND started_at < ? AND saga_type = ?
                ORDER BY started_at DESC, id DESC LIMIT ?""", rs -> {
            SagaDefinition definition = definitions.version(type, rs.getInt(1));
            if (definition != null) {
                durations.add(definition, SagaProgress.fromJson(rs.getString(2)));
            }
        }, Timestamp.from(from), Timestamp.from(to), type, MEASURED_AT_MOST);
        return durations;
    }

    /** Nearest-rank percentile of millisecond durations; null when there are none. */
    static Duration percentile(long[] millis, double p) {
        if (millis.length == 0) {
            return null;
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return Duration.ofMillis(sorted[Math.max(0, rank - 1)]);
    }

    /** Step durations in milliseconds, per step, overall and per bucket of the time each step was done. */
    private static final class Durations {

        private final Instant from;
        private final long bucketMillis;
        private final int buckets;
        private final Map<String, LongList> all = new HashMap<>();
        private final Map<String, LongList[]> byBucket = new HashMap<>();
        private long sagas;

        Durations(Instant from, Instant to, int buckets) {
            this.from = from;
            this.buckets = buckets;
            this.bucketMillis = Math.max(1, Duration.between(from, to).toMillis() / buckets);
        }

        void add(SagaDefinition definition, SagaProgress progress) {
            sagas++;
            Instant entered = progress.startedAt();
            for (StepDefinition step : definition.steps()) {
                Instant done = progress.stepDoneAt(step.name());
                if (done == null || entered == null) {
                    return;
                }
                long took = Duration.between(entered, done).toMillis();
                // events may arrive out of order: a step done before the one it follows has no duration to give
                if (took >= 0) {
                    all.computeIfAbsent(step.name(), s -> new LongList()).add(took);
                    int bucket = (int) (Duration.between(from, done).toMillis() / bucketMillis);
                    if (bucket >= 0 && bucket < buckets) {
                        LongList[] lists = byBucket.computeIfAbsent(step.name(), s -> new LongList[buckets]);
                        (lists[bucket] == null ? lists[bucket] = new LongList() : lists[bucket]).add(took);
                    }
                }
                entered = done;
            }
        }

        long[] all(String step) {
            LongList list = all.get(step);
            return list == null ? new long[0] : list.toArray();
        }

        List<long[]> byBucket(String step) {
            LongList[] lists = byBucket.get(step);
            List<long[]> out = new ArrayList<>();
            for (int i = 0; i < buckets; i++) {
                out.add(lists == null || lists[i] == null ? new long[0] : lists[i].toArray());
            }
            return out;
        }

        List<Instant> bucketStarts() {
            List<Instant> starts = new ArrayList<>();
            for (int i = 0; i < buckets; i++) {
                starts.add(from.plusMillis(i * bucketMillis));
            }
            return starts;
        }
    }

    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
