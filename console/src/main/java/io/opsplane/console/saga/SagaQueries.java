package io.opsplane.console.saga;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.definition.StepDefinition;
import io.opsplane.console.sql.FilteredQuery;
import io.opsplane.console.web.ParameterLimits;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Read side of saga state: filtered lists with keyset paging, one saga in full, counts. */
@Service
public class SagaQueries {

    public static final int MAX_PAGE = 500;
    /** What {@link #counts()} reports as the responsible service of a stuck saga that waits on no step. */
    public static final String NO_SERVICE = "(none)";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final String SUMMARY_COLUMNS = """
            id, saga_type, definition_version, correlation_key, business_keys::text AS business_keys, status,
            stuck_reason, stuck_since, current_step, next_event, responsible_service, started_at, last_progress_at,
            step_deadline, saga_deadline, ended_at, event_count, trace_ids""";

    private final JdbcTemplate jdbc;
    private final SagaDefinitions definitions;

    SagaQueries(JdbcTemplate jdbc, SagaDefinitions definitions) {
        this.jdbc = jdbc;
        this.definitions = definitions;
    }

    /** Newest first; {@code after} is a cursor from a previous page. */
    public SagaPage list(SagaFilter filter, String after, int limit, Instant now) {
        return list(filter, SagaSort.NEWEST, after, limit, now);
    }

    /** In the given order; {@code after} is a cursor from a previous page of the same order. */
    public SagaPage list(SagaFilter filter, SagaSort sort, String after, int limit, Instant now) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", not " + limit);
        }
        // a saga without the time sorted on (not stuck, for "stuck since") sorts last whichever way; the columns
        // that are never null are sorted on as they are, so that their indexes serve the order
        Instant missing = sort.ascending ? ParameterLimits.LATEST : ParameterLimits.EARLIEST;
        String key = sort.nullable ? "coalesce(" + sort.column + ", '" + missing + "'::timestamptz)" : sort.column;
        FilteredQuery query = where(filter, now, new FilteredQuery("SELECT " + SUMMARY_COLUMNS + ", " + key
                + " AS sort_key FROM saga_instance WHERE true"));
        String direction = sort.ascending ? "" : " DESC";
        if (after != null && !after.isBlank()) {
            Cursor cursor = Cursor.decode(after, sort);
            query.and("(" + key + ", id) " + (sort.ascending ? ">" : "<") + " (?, ?)",
                    Timestamp.from(cursor.sortKey()), cursor.id());
        }
        query.append(" ORDER BY " + key + direction + ", id" + direction + " LIMIT ?", limit + 1);
        List<Map.Entry<SagaSummary, Instant>> rows = jdbc.query(query.sql(),
                (rs, n) -> Map.entry(SUMMARY.mapRow(rs, n), instant(rs, "sort_key")), query.args());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Map.Entry<SagaSummary, Instant> last = rows.getLast();
            next = new Cursor(sort, last.getValue(), last.getKey().id()).encode();
        }
        return new SagaPage(rows.stream().map(Map.Entry::getKey).toList(), next);
    }

    /**
     * The ids of the sagas that match, oldest first, at most {@code cap + 1} of them (so a caller can tell "more
     * than cap"). One statement, so one snapshot: paging through a list that ingest keeps changing (an earlier
     * event arriving late moves a saga's start) could see a saga twice or miss one.
     */
    public List<Long> idsOldestFirst(SagaFilter filter, Instant now, int cap) {
        FilteredQuery query = where(filter, now, new FilteredQuery("SELECT id FROM saga_instance WHERE true"))
                .append(" ORDER BY started_at, id LIMIT ?", cap + 1);
        return jdbc.queryForList(query.sql(), Long.class, query.args());
    }

    /**
     * The sagas a correlation key, business key value, search key value or trace id finds, as the list's search box
     * does; at most {@code cap}. For other features that key their own records by saga id (the audit log).
     */
    public Set<Long> foundBy(String key, int cap) {
        return new HashSet<>(jdbc.queryForList("SELECT saga_id FROM saga_key WHERE key_value = ? LIMIT ?", Long.class,
                key.trim(), cap));
    }

    /** Each saga's progress (its steps as ingest has seen them), for sagas that exist among {@code sagaIds}. */
    public Map<Long, SagaProgress> progressOf(Collection<Long> sagaIds) {
        Map<Long, SagaProgress> progress = new HashMap<>();
        if (sagaIds.isEmpty()) {
            return progress;
        }
        jdbc.query("SELECT id, progress FROM saga_instance WHERE id = ANY (?)",
                rs -> {
                    progress.put(rs.getLong(1), SagaProgress.fromJson(rs.getString(2)));
                }, (Object) sagaIds.toArray(Long[]::new));
        return progress;
    }

    public long count(SagaFilter filter, Instant now) {
        FilteredQuery query = where(filter, now, new FilteredQuery("SELECT count(*) FROM saga_instance WHERE true"));
        Long count = jdbc.queryForObject(query.sql(), Long.class, query.args());
        return count == null ? 0 : count;
    }

    /**
     * How many sagas match, counting no further than {@code cap}: a list shows "more than 10,000"
     * instead of paying for an exact count over millions of rows.
     */
    public long countUpTo(SagaFilter filter, Instant now, long cap) {
        FilteredQuery query = where(filter, now,
                new FilteredQuery("SELECT count(*) FROM (SELECT 1 FROM saga_instance WHERE true"))
                .append(" LIMIT ?) capped", cap + 1);
        Long count = jdbc.queryForObject(query.sql(), Long.class, query.args());
        return count == null ? 0 : count;
    }

    /**
     * Sagas started, completed and compensated per time bucket over {@code [from, to)}, oldest
     * first, every bucket present. Reads only the window's entries of the started_at and ended_at
     * indexes, so its cost follows the window, not the table.
     */
    public List<SagaActivity> activity(Instant from, Instant to, Duration bucket) {
        if (!from.isBefore(to) || bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("activity needs from < to and a positive bucket");
        }
        long buckets = Duration.between(from, to).toMillis() / bucket.toMillis();
        if (buckets > 2_000) {
            throw new IllegalArgumentException("at most 2,000 buckets, not " + buckets);
        }
        String interval = bucket.toMillis() + " milliseconds";
        Map<Instant, long[]> counts = new TreeMap<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(bucket)) {
            counts.put(t, new long[3]);
        }
        jdbc.query("""
                SELECT date_bin(?::interval, started_at, ?) AS bucket, count(*) FROM saga_instance
                WHERE started_at >= ? AND started_at < ? GROUP BY 1""", rs -> {
            long[] row = counts.get(instant(rs, "bucket"));
            if (row != null) {
                row[0] = rs.getLong(2);
            }
        }, interval, Timestamp.from(from), Timestamp.from(from), Timestamp.from(to));
        jdbc.query("""
                SELECT date_bin(?::interval, ended_at, ?) AS bucket, count(*) FILTER (WHERE status = 'COMPLETED'),
                       count(*) FILTER (WHERE status = 'COMPENSATED')
                FROM saga_instance WHERE ended_at >= ? AND ended_at < ? GROUP BY 1""", rs -> {
            long[] row = counts.get(instant(rs, "bucket"));
            if (row != null) {
                row[1] = rs.getLong(2);
                row[2] = rs.getLong(3);
            }
        }, interval, Timestamp.from(from), Timestamp.from(from), Timestamp.from(to));
        return counts.entrySet().stream().map(e -> new SagaActivity(e.getKey(), e.getKey().plus(bucket),
                e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }

    private static FilteredQuery where(SagaFilter f, Instant now, FilteredQuery query) {
        query.equal("saga_type", f.type())
                .equal("status", f.status())
                .equal("stuck_reason", f.stuckReason())
                .equal("responsible_service", f.service())
                .equal("current_step", f.step())
                .anyOf("id", f.sagaIds())
                .equal("correlation_key", f.correlationKey());
        if (f.businessKey() != null) {
            int eq = f.businessKey().indexOf('=');
            if (eq < 1 || eq == f.businessKey().length() - 1) {
                throw new IllegalArgumentException("businessKey must be name=value, e.g. orderId=o-1001, not '"
                        + f.businessKey() + "'");
            }
            String value = f.businessKey().substring(eq + 1);
            // the key table finds candidates by index; the jsonb test makes sure the value sits under that name
            query.and("id IN (SELECT saga_id FROM saga_key WHERE key_value = ?) AND business_keys ->> ? = ?",
                    value, f.businessKey().substring(0, eq), value);
        }
        if (f.search() != null && !f.search().isBlank()) {
            query.and("id IN (SELECT saga_id FROM saga_key WHERE key_value = ?)", f.search().trim());
        }
        query.between("started_at", f.startedFrom(), f.startedTo())
                .between("last_progress_at", f.progressFrom(), f.progressTo());
        if (f.stuckLongerThan() != null) {
            query.and("status = 'STUCK' AND stuck_since <= ?", Timestamp.from(now.minus(f.stuckLongerThan())));
        }
        return query;
    }

    public Optional<SagaDetail> find(long id) {
        List<Map.Entry<SagaSummary, String>> found = jdbc.query(
                "SELECT " + SUMMARY_COLUMNS + ", progress FROM saga_instance WHERE id = ?",
                (rs, n) -> Map.entry(SUMMARY.mapRow(rs, n), rs.getString("progress")), id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SagaSummary saga = found.getFirst().getKey();
        String progressJson = found.getFirst().getValue();
        List<SagaDetail.Event> events = jdbc.query("""
                SELECT event_id, event_name, kind, step, payload::text AS payload, trace_id, span_id, topic,
                       kafka_partition, kafka_offset, event_time, received_at
                FROM saga_event WHERE saga_id = ? ORDER BY event_time, received_at, event_id
                """, (rs, n) -> new SagaDetail.Event(rs.getString("event_id"),
                rs.getString("event_name"), rs.getString("kind"), rs.getString("step"),
                rs.getString("payload") == null ? null : JSON.readTree(rs.getString("payload")),
                rs.getString("trace_id"), rs.getString("span_id"), rs.getString("topic"),
                (Integer) rs.getObject("kafka_partition"), (Long) rs.getObject("kafka_offset"),
                instant(rs, "event_time"), instant(rs, "received_at")), id);
        SagaDefinition definition = definitions.version(saga.type(), saga.definitionVersion());
        List<SagaDetail.Step> steps = definition == null ? List.of()
                : steps(definition, SagaProgress.fromJson(progressJson), saga);
        return Optional.of(new SagaDetail(saga, steps, events));
    }

    private static List<SagaDetail.Step> steps(SagaDefinition definition, SagaProgress progress, SagaSummary saga) {
        List<SagaDetail.Step> steps = new ArrayList<>();
        boolean compensating = saga.status() == SagaStatus.COMPENSATING
                || (saga.status() == SagaStatus.STUCK && saga.nextEvent() != null
                && definition.steps().stream().anyMatch(s -> s.compensable()
                && saga.nextEvent().equals(s.compensation().completedBy())));
        for (StepDefinition step : definition.steps()) {
            Instant doneAt = progress.stepDoneAt(step.name());
            Instant failedAt = progress.stepFailedAt(step.name());
            Instant compensatedAt = progress.stepCompensatedAt(step.name());
            SagaDetail.StepState state;
            if (compensatedAt != null) {
                state = SagaDetail.StepState.COMPENSATED;
            } else if (step.name().equals(saga.currentStep()) && compensating) {
                state = SagaDetail.StepState.COMPENSATING;
            } else if (failedAt != null) {
                state = SagaDetail.StepState.FAILED;
            } else if (doneAt != null) {
                state = SagaDetail.StepState.DONE;
            } else if (step.name().equals(saga.currentStep())) {
                state = SagaDetail.StepState.WAITING;
            } else {
                state = SagaDetail.StepState.NOT_REACHED;
            }
            steps.add(new SagaDetail.Step(step.name(), step.service(), state, definition.timeoutOf(step),
                    step.completedBy(), doneAt, failedAt, compensatedAt, step.compensable()));
        }
        return steps;
    }

    /** Every time the saga was marked STUCK, oldest first (at most 1,000: a saga stuck and freed that often is its own story). */
    public List<StuckMark> stuckMarks(long sagaId) {
        return jdbc.query("""
                SELECT reason, step, marked_at FROM saga_stuck_mark WHERE saga_id = ? ORDER BY marked_at, id LIMIT 1000""",
                (rs, n) -> new StuckMark(StuckReason.valueOf(rs.getString("reason")), rs.getString("step"),
                        instant(rs, "marked_at")), sagaId);
    }

    /**
     * The trace ids a saga's events carried (the saga's own list and each event's), oldest first;
     * empty when the saga does not exist.
     */
    public Optional<List<String>> traceIds(long id) {
        List<List<String>> saga = jdbc.query("SELECT trace_ids FROM saga_instance WHERE id = ?",
                (rs, n) -> strings(rs.getArray("trace_ids")), id);
        if (saga.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>(saga.getFirst());
        for (String fromEvent : jdbc.queryForList("""
                SELECT trace_id FROM saga_event WHERE saga_id = ? AND trace_id IS NOT NULL
                GROUP BY trace_id ORDER BY min(event_time)""", String.class, id)) {
            if (!ids.contains(fromEvent)) {
                ids.add(fromEvent);
            }
        }
        return Optional.of(List.copyOf(ids));
    }

    /** The sagas whose events carried one of the given trace ids (the forms one id may be written in), newest first. */
    public List<SagaSummary> withTraceId(List<String> traceIdForms) {
        if (traceIdForms.isEmpty()) {
            return List.of();
        }
        String[] forms = traceIdForms.toArray(String[]::new);
        // the key table finds candidates by index; trace_ids makes sure the value is a trace id, not another key
        return jdbc.query("SELECT " + SUMMARY_COLUMNS + """
                 FROM saga_instance
                WHERE id IN (SELECT saga_id FROM saga_key WHERE key_value = ANY (?::text[])) AND trace_ids && ?::text[]
                ORDER BY started_at DESC, id DESC""", ps -> {
            ps.setObject(1, forms);
            ps.setObject(2, forms);
        }, SUMMARY);
    }

    /**
     * The latest time {@code eventName} was seen for a saga of {@code type} started at or after {@code startedFrom};
     * null when none was. Reads the sagas started since then (index on started_at) and their events by key, so its
     * cost follows the sagas of that window.
     */
    public Instant lastEventTime(String type, String eventName, Instant startedFrom) {
        Timestamp last = jdbc.queryForObject("""
                SELECT max(e.event_time) FROM saga_instance s JOIN saga_event e ON e.saga_id = s.id
                WHERE s.started_at >= ? AND s.saga_type = ? AND e.event_name = ?""", Timestamp.class,
                Timestamp.from(startedFrom), type, eventName);
        return last == null ? null : last.toInstant();
    }

    /** Every saga by type and status, by type then status, from the counts kept as sagas change (saga_count). */
    public List<SagaCounts.ByTypeAndStatus> countsByTypeAndStatus() {
        return jdbc.query("""
                SELECT saga_type, status, sum(sagas) FROM saga_count GROUP BY 1, 2 HAVING sum(sagas) > 0
                ORDER BY 1, 2""",
                (rs, n) -> new SagaCounts.ByTypeAndStatus(rs.getString(1), SagaStatus.valueOf(rs.getString(2)),
                        rs.getLong(3)));
    }

    /** Stuck sagas by type, step, reason and responsible service together, from the counts kept (saga_count). */
    public List<SagaCounts.Stuck> stuckCounts() {
        return jdbc.query("""
                SELECT saga_type, current_step, stuck_reason, responsible_service, sum(sagas) FROM saga_count
                WHERE status = 'STUCK' GROUP BY 1, 2, 3, 4 HAVING sum(sagas) > 0""",
                (rs, n) -> new SagaCounts.Stuck(rs.getString(1), rs.getString(2),
                        rs.getString(3) == null ? null : StuckReason.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getLong(5)));
    }

    public SagaCounts counts() {
        List<SagaCounts.ByValue> byReason = jdbc.query("""
                SELECT stuck_reason, sum(sagas) FROM saga_count WHERE status = 'STUCK'
                GROUP BY 1 HAVING sum(sagas) > 0 ORDER BY 2 DESC, 1""",
                (rs, n) -> new SagaCounts.ByValue(rs.getString(1), rs.getLong(2)));
        List<SagaCounts.ByValue> byService = jdbc.query("""
                SELECT coalesce(responsible_service, ?), sum(sagas) FROM saga_count WHERE status = 'STUCK'
                GROUP BY 1 HAVING sum(sagas) > 0 ORDER BY 2 DESC, 1""",
                (rs, n) -> new SagaCounts.ByValue(rs.getString(1), rs.getLong(2)), NO_SERVICE);
        List<SagaCounts.ByTypeAndStep> byStep = jdbc.query("""
                SELECT saga_type, current_step, sum(sagas) FROM saga_count WHERE status = 'STUCK'
                GROUP BY 1, 2 HAVING sum(sagas) > 0 ORDER BY 3 DESC, 1, 2""",
                (rs, n) -> new SagaCounts.ByTypeAndStep(rs.getString(1), rs.getString(2), rs.getLong(3)));
        return new SagaCounts(countsByTypeAndStatus(), byReason, byService, byStep);
    }

    private static final RowMapper<SagaSummary> SUMMARY = (rs, n) -> new SagaSummary(
            rs.getLong("id"), rs.getString("saga_type"), rs.getInt("definition_version"),
            rs.getString("correlation_key"), JSON.readValue(rs.getString("business_keys"), STRING_MAP),
            SagaStatus.valueOf(rs.getString("status")),
            rs.getString("stuck_reason") == null ? null : StuckReason.valueOf(rs.getString("stuck_reason")),
            instant(rs, "stuck_since"), rs.getString("current_step"), rs.getString("next_event"),
            rs.getString("responsible_service"), instant(rs, "started_at"), instant(rs, "last_progress_at"),
            instant(rs, "step_deadline"), instant(rs, "saga_deadline"), instant(rs, "ended_at"),
            rs.getInt("event_count"), strings(rs.getArray("trace_ids")));

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** Position after the last row of a page: opaque to clients, stable across inserts, valid for its order only. */
    record Cursor(SagaSort sort, Instant sortKey, long id) {

        String encode() {
            // the newest-first form predates the other orders; links holding it keep working
            String raw = (sort == SagaSort.NEWEST ? "" : sort.parameter() + ".")
                    + sortKey.getEpochSecond() + "." + sortKey.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text, SagaSort expected) {
            Cursor cursor;
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\.");
                SagaSort sort = parts.length == 4 ? SagaSort.fromParameter(parts[0]) : SagaSort.NEWEST;
                int at = parts.length - 3;
                cursor = new Cursor(sort, Instant.ofEpochSecond(Long.parseLong(parts[at]), Long.parseLong(parts[at + 1])),
                        Long.parseLong(parts[at + 2]));
                // a forged cursor must not reach the database with a time it cannot hold
                if (parts.length < 3 || parts.length > 4 || cursor.id() < 0
                        || cursor.sortKey().isBefore(ParameterLimits.EARLIEST)
                        || cursor.sortKey().isAfter(ParameterLimits.LATEST)) {
                    throw new IllegalArgumentException("out of range");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not a page cursor from this API");
            }
            if (cursor.sort() != expected) {
                throw new IllegalArgumentException("this page cursor is for the order '" + cursor.sort().parameter()
                        + "', not '" + expected.parameter() + "'");
            }
            return cursor;
        }
    }
}
