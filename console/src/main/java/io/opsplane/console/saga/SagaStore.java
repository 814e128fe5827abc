package io.opsplane.console.saga;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.opsplane.console.definition.EventRole;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.sql.TextArrays;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes batches of events into saga state. A batch costs a handful of statements whatever its
 * size: lock the known instances (in key order, so concurrent consumers cannot deadlock), insert
 * the new ones with their state already computed (every event of a new instance is new, so its
 * events and keys need no conflict check), insert the events (duplicates skipped by the primary key),
 * write the known instances' new state, and record search keys that are new.
 */
@Repository
public class SagaStore {

    /** Enough trace ids to link a saga to its traces without letting a chatty saga grow its row without end. */
    static final int MAX_TRACE_IDS = 32;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final SagaDefinitions definitions;

    public SagaStore(JdbcTemplate jdbc, SagaDefinitions definitions) {
        this.jdbc = jdbc;
        this.definitions = definitions;
    }

    /** Ended before {@code cutoff}, and no operator action open on it: what {@link #purgeEnded} removes. */
    private static final String ENDED_AND_IDLE = """
            ended_at < ? AND NOT EXISTS (SELECT 1 FROM operator_action a
                WHERE a.saga_id = s.id AND a.status IN ('PENDING_APPROVAL', 'IN_PROGRESS'))""";

    /** How many sagas ended before {@code cutoff} with no action open on them: what retention would remove. */
    public long countEnded(Instant cutoff) {
        return jdbc.queryForObject("SELECT count(*) FROM saga_instance s WHERE " + ENDED_AND_IDLE, Long.class,
                Timestamp.from(cutoff));
    }

    /**
     * Deletes up to {@code limit} sagas that ended before {@code cutoff}, oldest first, with their events, search
     * keys and stuck marks, in one short transaction; answers how many sagas went. A saga with an action still
     * pending or in progress stays. SKIP LOCKED passes over sagas ingestion (or another pass) holds, so ingestion
     * never waits on a purge for more than one batch's row locks. The keys are found by their primary key from
     * the values the instance rows hold (correlation key, business key values, trace ids), so no index on
     * saga_key.saga_id is needed, nor maintained by ingestion. The doomed ids and keys go back to PostgreSQL as
     * arrays of known length: joined inside one statement, the planner guessed a hundred keys per saga and read
     * all of saga_key instead (7 s a batch at 10,000,000 sagas).
     */
    @Transactional
    public int purgeEnded(Instant cutoff, int limit) {
        List<Long> ids = new ArrayList<>();
        List<String> keyValues = new ArrayList<>();
        List<Long> keySagas = new ArrayList<>();
        jdbc.query("""
                SELECT id, correlation_key, trace_ids,
                       ARRAY(SELECT value FROM jsonb_each_text(business_keys)) AS business_key_values
                FROM saga_instance s
                WHERE""" + " " + ENDED_AND_IDLE + " " + """
                ORDER BY ended_at LIMIT ? FOR UPDATE SKIP LOCKED""", rs -> {
            long id = rs.getLong("id");
            ids.add(id);
            Set<String> keys = new LinkedHashSet<>();
            keys.add(rs.getString("correlation_key"));
            keys.addAll(Arrays.asList((String[]) rs.getArray("trace_ids").getArray()));
            keys.addAll(Arrays.asList((String[]) rs.getArray("business_key_values").getArray()));
            for (String key : keys) {
                keyValues.add(key);
                keySagas.add(id);
            }
        }, Timestamp.from(cutoff), limit);
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.execute((ConnectionCallback<Integer>) con -> {
            Long[] doomed = ids.toArray(Long[]::new);
            try (PreparedStatement keys = con.prepareStatement("""
                    DELETE FROM saga_key k USING unnest(?::text[], ?::bigint[]) AS x(key_value, saga_id)
                    WHERE k.key_value = x.key_value AND k.saga_id = x.saga_id""");
                 PreparedStatement events = con.prepareStatement("DELETE FROM saga_event WHERE saga_id = ANY (?)");
                 PreparedStatement marks = con.prepareStatement("DELETE FROM saga_stuck_mark WHERE saga_id = ANY (?)");
                 PreparedStatement sagas = con.prepareStatement("DELETE FROM saga_instance WHERE id = ANY (?)")) {
                TextArrays.bind(keys, 1, keyValues.toArray());
                keys.setObject(2, keySagas.toArray(Long[]::new));
                keys.executeUpdate();
                events.setObject(1, doomed);
                events.executeUpdate();
                marks.setObject(1, doomed);
                marks.executeUpdate();
                sagas.setObject(1, doomed);
                return sagas.executeUpdate();
            }
        });
    }

    /**
     * Marks STUCK, in the caller's transaction, up to {@code limit} instances due by {@code dueBy}, with the reason
     * {@link StuckReason#of} gives, and records each mark; answers how many were marked. A saga is stuck since the
     * moment it became due, not since the scan that noticed it, so "stuck longest first" does not depend on which
     * scan saw which saga. Reads the partial index
     * on due_at, so the cost follows the due instances, not the table; SKIP LOCKED passes over rows that ingest
     * (or another scan) holds, and clearing due_at means no instance is marked twice. {@code dueBy} is now, or
     * earlier while ingest has not read that far: a saga due later may have moved on in records not read yet.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int markDueStuck(Instant dueBy, Instant now, String markedBy, int limit) {
        Timestamp at = Timestamp.from(now);
        List<Long> ids = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        jdbc.query("""
                SELECT id, status, saga_deadline, due_at FROM saga_instance
                WHERE due_at <= ?
                ORDER BY due_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED""", rs -> {
            Timestamp deadline = rs.getTimestamp(3);
            ids.add(rs.getLong(1));
            reasons.add(StuckReason.of(SagaStatus.valueOf(rs.getString(2)),
                    deadline == null ? null : deadline.toInstant(), rs.getTimestamp(4).toInstant()).name());
        }, Timestamp.from(dueBy), limit);
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    WITH marked AS (
                        UPDATE saga_instance s SET
                            status = 'STUCK',
                            stuck_reason = due.reason,
                            stuck_since = s.due_at,
                            due_at = NULL,
                            updated_at = now()
                        FROM unnest(?::bigint[], ?::text[]) AS due(id, reason)
                        WHERE s.id = due.id
                        RETURNING s.id, s.stuck_reason, s.current_step
                    )
                    INSERT INTO saga_stuck_mark (saga_id, reason, step, marked_at, marked_by)
                    SELECT id, stuck_reason, current_step, ?, ? FROM marked""");
            ps.setObject(1, ids.toArray(Long[]::new));
            TextArrays.bind(ps, 2, reasons.toArray());
            ps.setTimestamp(3, at);
            ps.setString(4, markedBy);
            return ps;
        });
    }

    /**
     * Closes a saga by hand (an operator fixed it outside): RESOLVED, ended, no longer stuck or due. Answers
     * false when the saga does not exist or has ended already. A later event of the saga derives its state
     * again, so Opsplane follows a saga that turns out to be still moving.
     */
    public boolean resolve(long sagaId, Instant at) {
        return jdbc.update("""
                UPDATE saga_instance SET status = 'RESOLVED', stuck_reason = NULL, stuck_since = NULL, due_at = NULL,
                       ended_at = ?, updated_at = now()
                WHERE id = ? AND status NOT IN ('COMPLETED', 'COMPENSATED', 'RESOLVED')""",
                Timestamp.from(at), sagaId) == 1;
    }

    /**
     * Sums the changes appended to saga_count into one row per count, so that reading a count stays a read of a
     * few rows. One statement: a fold running at the same time on another console sums the rows this one left,
     * and changes committed meanwhile wait for the next fold. When every count is one row already (an idle shop),
     * nothing is rewritten, so an idle console writes no WAL and leaves no dead rows every interval.
     */
    public void foldCounts() {
        jdbc.update("""
                WITH folded AS (
                    DELETE FROM saga_count
                    WHERE EXISTS (SELECT 1 FROM saga_count
                                  GROUP BY saga_type, status, current_step, stuck_reason, responsible_service
                                  HAVING count(*) > 1 OR sum(sagas) = 0)
                    RETURNING *)
                INSERT INTO saga_count
                SELECT saga_type, status, current_step, stuck_reason, responsible_service, sum(sagas)
                FROM folded GROUP BY 1, 2, 3, 4, 5 HAVING sum(sagas) <> 0""");
    }

    /** Applies recognised events; must run inside the caller's transaction so offsets follow the commit. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ApplyResult apply(List<SagaEventInput> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return new ApplyResult(0, 0, List.of());
        }
        return jdbc.execute((ConnectionCallback<ApplyResult>) connection -> apply(connection, events, receivedAt));
    }

    private ApplyResult apply(Connection connection, List<SagaEventInput> events, Instant receivedAt) throws SQLException {
        Map<InstanceKey, List<SagaEventInput>> byInstance = new TreeMap<>();
        for (SagaEventInput event : events) {
            byInstance.computeIfAbsent(new InstanceKey(event.sagaType(), event.correlationKey()), k -> new ArrayList<>())
                    .add(event);
        }
        Map<InstanceKey, Instance> known = lock(connection, byInstance.keySet());
        List<SagaEventInput> withoutRole = new ArrayList<>();
        Map<InstanceKey, Instance> created = new TreeMap<>();
        for (Map.Entry<InstanceKey, List<SagaEventInput>> entry : byInstance.entrySet()) {
            if (!known.containsKey(entry.getKey())) {
                Instance fresh = Instance.fresh(entry.getKey(), definitions.latest(entry.getKey().type()).version());
                fresh.take(entry.getValue(), definitions, withoutRole);
                fresh.events.forEach(fresh::absorb);
                if (!fresh.events.isEmpty()) {
                    created.put(fresh.key, fresh);
                }
            }
        }
        Set<InstanceKey> lostRace = insertCreated(connection, created.values());
        if (!lostRace.isEmpty()) {
            // another consumer created them since we looked: they are known instances after all
            lostRace.forEach(created::remove);
            withoutRole.removeIf(e -> lostRace.contains(new InstanceKey(e.sagaType(), e.correlationKey())));
            known.putAll(lock(connection, lostRace));
        }
        for (Instance instance : known.values()) {
            instance.take(byInstance.get(instance.key), definitions, withoutRole);
        }

        // a new instance's events (and search keys) are all new to it: plainly inserted, with no conflict check
        insertEvents(connection, List.copyOf(created.values()), receivedAt, false);
        Set<String> inserted = insertEvents(connection, List.copyOf(known.values()), receivedAt, true);
        List<Instance> all = new ArrayList<>(created.values());
        all.addAll(known.values());
        int offered = 0;
        int applied = 0;
        List<Instance> changed = new ArrayList<>();
        for (Instance instance : all) {
            offered += instance.events.size();
            if (instance.created) {
                applied += instance.events.size();
                continue;
            }
            for (Pending p : instance.events) {
                if (inserted.contains(instance.id + "\u0000" + p.event.eventId())) {
                    instance.progress.record(p.role, p.event.eventTime());
                    instance.absorb(p);
                    instance.newEvents++;
                    applied++;
                }
            }
            if (instance.newEvents > 0) {
                // only a stuck instance needs its state before: to tell whether these events move it on
                if (instance.status == SagaStatus.STUCK) {
                    instance.before = SagaProgress.fromJson(instance.progressBefore);
                }
                changed.add(instance);
            }
        }
        updateKnown(connection, changed);
        insertKeys(connection, List.copyOf(created.values()), false);
        insertKeys(connection, changed, true);
        return new ApplyResult(applied, offered - applied, withoutRole);
    }

    /** Locks the instances that exist among {@code keys}, in key order. */
    private Map<InstanceKey, Instance> lock(Connection connection, Collection<InstanceKey> keys) throws SQLException {
        Map<InstanceKey, Instance> instances = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT s.id, s.saga_type, s.correlation_key, s.definition_version, s.status, s.progress,
                       s.business_keys::text, s.trace_ids
                FROM saga_instance s
                JOIN unnest(?::text[], ?::text[]) AS u(t, k) ON s.saga_type = u.t AND s.correlation_key = u.k
                ORDER BY s.saga_type, s.correlation_key
                FOR UPDATE OF s""")) {
            TextArrays.bind(ps, 1, keys.stream().map(InstanceKey::type).toArray());
            TextArrays.bind(ps, 2, keys.stream().map(InstanceKey::correlationKey).toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InstanceKey key = new InstanceKey(rs.getString("saga_type"), rs.getString("correlation_key"));
                    instances.put(key, Instance.known(rs.getLong("id"), key, rs.getInt("definition_version"),
                            SagaStatus.valueOf(rs.getString("status")), rs.getString("progress"),
                            rs.getString("business_keys"), (String[]) rs.getArray("trace_ids").getArray()));
                }
            }
        }
        return instances;
    }

    /** Inserts new instances with their state; answers the keys another consumer created first. */
    private Set<InstanceKey> insertCreated(Connection connection, Collection<Instance> created) throws SQLException {
        if (created.isEmpty()) {
            return Set.of();
        }
        StateColumns columns = new StateColumns(created.size());
        for (Instance instance : created) {
            columns.add(instance, instance.progress.derive(definition(instance)), false);
        }
        Map<InstanceKey, Instance> byKey = new HashMap<>();
        created.forEach(i -> byKey.put(i.key, i));
        try (PreparedStatement ps = connection.prepareStatement(INSERT_CREATED)) {
            TextArrays.bind(ps, 1, created.stream().map(i -> i.key.type()).toArray());
            TextArrays.bind(ps, 2, created.stream().map(i -> i.key.correlationKey()).toArray());
            ps.setObject(3, created.stream().map(i -> i.version).toArray(Integer[]::new));
            columns.bind(connection, ps, 4);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byKey.remove(new InstanceKey(rs.getString(2), rs.getString(3))).id = rs.getLong(1);
                }
            }
        }
        return byKey.keySet();
    }

    /**
     * Inserts the events; of instances that may hold some of them already ({@code mayConflict}), answers
     * which ones were new, as "instanceId NUL eventId".
     */
    private Set<String> insertEvents(Connection connection, List<Instance> instances, Instant receivedAt,
                                     boolean mayConflict) throws SQLException {
        int count = instances.stream().mapToInt(i -> i.events.size()).sum();
        if (count == 0) {
            return Set.of();
        }
        Columns columns = new Columns(count, "int8", "text", "text", "text", "text", "text", "text", "text", "int4",
                "int8", "int8");
        List<String> payloads = new ArrayList<>(count);
        for (Instance instance : instances) {
            for (Pending p : instance.events) {
                SagaEventInput e = p.event;
                columns.add(instance.id, e.eventId(), e.eventName(), p.role.kind().name(),
                        p.role.step() == null ? null : p.role.step().name(), e.traceId(), e.spanId(), e.topic(),
                        e.partition(), e.offset(), micros(e.eventTime()));
                payloads.add(e.payloadJson());
            }
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(INSERT_EVENTS
                + (mayConflict ? "ON CONFLICT DO NOTHING RETURNING saga_id, event_id" : ""))) {
            ps.setTimestamp(1, Timestamp.from(receivedAt));
            columns.bind(connection, ps, 2);
            // payloads are JSON already: joined into one JSON array they need no escaping, unlike a text[]
            ps.setString(13, "[" + String.join(",", payloads) + "]");
            if (!mayConflict) {
                ps.executeUpdate();
                return inserted;
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1) + "\u0000" + rs.getString(2));
                }
            }
        }
        return inserted;
    }

    private void updateKnown(Connection connection, List<Instance> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        StateColumns columns = new StateColumns(changed.size());
        for (Instance instance : changed) {
            SagaDefinition definition = definition(instance);
            SagaState state = instance.progress.derive(definition);
            // a stuck instance stays stuck (keeping its reason and time) until an event moves it on
            boolean staysStuck = instance.status == SagaStatus.STUCK
                    && !state.progressedFrom(instance.before.derive(definition));
            columns.add(instance, state, staysStuck);
        }
        try (PreparedStatement ps = connection.prepareStatement(UPDATE_KNOWN)) {
            ps.setObject(1, changed.stream().map(i -> i.id).toArray(Long[]::new));
            columns.bind(connection, ps, 2);
            ps.executeUpdate();
        }
    }

    private void insertKeys(Connection connection, List<Instance> instances, boolean mayConflict) throws SQLException {
        List<String> values = new ArrayList<>();
        List<Long> sagaIds = new ArrayList<>();
        for (Instance instance : instances) {
            for (String key : instance.newKeys) {
                values.add(key);
                sagaIds.add(instance.id);
            }
        }
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO saga_key (key_value, saga_id) SELECT * FROM unnest(?::text[], ?::bigint[])
                """ + (mayConflict ? "ON CONFLICT DO NOTHING" : ""))) {
            TextArrays.bind(ps, 1, values.toArray());
            ps.setObject(2, sagaIds.toArray(Long[]::new));
            ps.executeUpdate();
        }
    }

    private SagaDefinition definition(Instance instance) {
        return definitions.version(instance.key.type(), instance.version);
    }

    /** Rows written by one statement as one array a column, which the statement unnests. */
    private static class Columns {

        private final String[] types;
        private final Object[][] columns;
        private int row;

        /** {@code types}: each column's SQL element type. */
        Columns(int rows, String... types) {
            this.types = types;
            columns = new Object[types.length][];
            for (int c = 0; c < types.length; c++) {
                // typed, so that the driver sends each column in PostgreSQL's binary array format
                columns[c] = switch (types[c]) {
                    case "text" -> new String[rows];
                    case "int8" -> new Long[rows];
                    case "int4" -> new Integer[rows];
                    case "bool" -> new Boolean[rows];
                    default -> throw new IllegalArgumentException("no array type for " + types[c]);
                };
            }
        }

        void add(Object... values) {
            for (int c = 0; c < values.length; c++) {
                columns[c][row] = values[c];
            }
            row++;
        }

        void bind(Connection connection, PreparedStatement ps, int first) throws SQLException {
            for (int c = 0; c < columns.length; c++) {
                if (types[c].equals("bool")) {
                    ps.setArray(first + c, connection.createArrayOf(types[c], columns[c]));
                } else {
                    ps.setObject(first + c, columns[c]);
                }
            }
        }
    }

    /** The state columns that insert and update share. */
    private static final class StateColumns extends Columns {

        static final String NAMES = """
                status, current_step, next_event, service, stays_stuck, started_at, last_progress_at, step_deadline,
                saga_deadline, due_at, ended_at, new_events, progress, business_keys, trace_ids""";
        static final String PLACEHOLDERS = """
                ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::bigint[], ?::bigint[], ?::bigint[],
                ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[]""";

        StateColumns(int rows) {
            super(rows, "text", "text", "text", "text", "bool", "int8", "int8", "int8", "int8", "int8", "int8", "int4",
                    "text", "text", "text");
        }

        void add(Instance instance, SagaState state, boolean staysStuck) {
            add(state.status().name(), state.currentStep(), state.nextEvent(), state.responsibleService(),
                    staysStuck, micros(state.startedAt()), micros(state.lastProgressAt()), micros(state.stepDeadline()),
                    micros(state.sagaDeadline()), micros(state.dueAt()), micros(state.endedAt()),
                    instance.created ? instance.events.size() : instance.newEvents, instance.progress.toJson(),
                    // unchanged keys and trace ids are left as they are (null here)
                    instance.businessKeysChanged ? JSON.writeValueAsString(instance.businessKeys) : null,
                    instance.traceIdsChanged ? String.join(" ", instance.traceIds) : null);
        }
    }

    /**
     * Times go to PostgreSQL as microseconds since the epoch, turned into timestamps by {@link #at}: casting text
     * costs PostgreSQL about 0.34 µs a value, some five values an event. Below a microsecond a time is cut, where
     * PostgreSQL's own text input would round.
     */
    private static Long micros(Instant instant) {
        return instant == null ? null
                : Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** The timestamp {@code micros} (a bigint expression, see {@link #micros}) stands for; null stays null. */
    private static String at(String micros) {
        return "('epoch'::timestamptz + " + micros + " * interval '1 microsecond')";
    }

    private static final String INSERT_CREATED = """
            INSERT INTO saga_instance (saga_type, correlation_key, definition_version, status, current_step,
                next_event, responsible_service, started_at, last_progress_at, step_deadline, saga_deadline, due_at,
                ended_at, event_count, progress, business_keys, trace_ids)
            SELECT t, k, v, status, current_step, next_event, service, %s, %s, %s, %s, %s, %s,
                   new_events, progress, business_keys::jsonb, coalesce(string_to_array(trace_ids, ' '), '{}')
            FROM unnest(?::text[], ?::text[], ?::int[], %s) WITH ORDINALITY AS u(t, k, v, %s, o)
            ORDER BY o
            ON CONFLICT (saga_type, correlation_key) DO NOTHING
            RETURNING id, saga_type, correlation_key""".formatted(at("started_at"), at("last_progress_at"),
            at("step_deadline"), at("saga_deadline"), at("due_at"), at("ended_at"), StateColumns.PLACEHOLDERS,
            StateColumns.NAMES);

    private static final String INSERT_EVENTS = """
            INSERT INTO saga_event (saga_id, event_id, event_name, kind, step, payload, trace_id, span_id,
                                    topic, kafka_partition, kafka_offset, event_time, received_at)
            SELECT s, e, n, k, st, p.value, tr, sp, tp, pa, o, %s, ?
            FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::int[], ?::bigint[], ?::bigint[]) WITH ORDINALITY
                     AS u(s, e, n, k, st, tr, sp, tp, pa, o, et, i)
            JOIN json_array_elements(?::json) WITH ORDINALITY AS p(value, i) USING (i)
            """.formatted(at("et"));

    private static final String UPDATE_KNOWN = """
            UPDATE saga_instance s SET
                status = CASE WHEN u.stays_stuck THEN 'STUCK' ELSE u.status END,
                current_step = u.current_step,
                next_event = u.next_event,
                responsible_service = u.service,
                stuck_reason = CASE WHEN u.stays_stuck THEN s.stuck_reason END,
                stuck_since = CASE WHEN u.stays_stuck THEN s.stuck_since END,
                started_at = %s,
                last_progress_at = %s,
                step_deadline = %s,
                saga_deadline = %s,
                due_at = CASE WHEN u.stays_stuck THEN NULL ELSE %s END,
                ended_at = %s,
                event_count = s.event_count + u.new_events,
                progress = u.progress,
                business_keys = coalesce(u.business_keys::jsonb, s.business_keys),
                trace_ids = coalesce(string_to_array(u.trace_ids, ' '), s.trace_ids),
                updated_at = now()
            FROM unnest(?::bigint[], %s) AS u(id, %s)
            WHERE s.id = u.id""".formatted(at("u.started_at"), at("u.last_progress_at"), at("u.step_deadline"),
            at("u.saga_deadline"), at("u.due_at"), at("u.ended_at"), StateColumns.PLACEHOLDERS, StateColumns.NAMES);

    private record InstanceKey(String type, String correlationKey) implements Comparable<InstanceKey> {
        @Override
        public int compareTo(InstanceKey other) {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : correlationKey.compareTo(other.correlationKey);
        }
    }

    private record Pending(SagaEventInput event, EventRole role) {
    }

    /** One instance while a batch is applied to it: locked if it existed, about to be inserted if not. */
    private static final class Instance {
        long id;
        final InstanceKey key;
        final int version;
        final SagaStatus status;
        final boolean created;
        final String progressBefore;
        SagaProgress before;
        final SagaProgress progress;
        final Map<String, String> businessKeys;
        final LinkedHashSet<String> traceIds;
        final List<Pending> events = new ArrayList<>();
        /** Keys this batch gives the instance (its correlation key when new, new business key values and trace ids): the search box finds it by them. */
        final Set<String> newKeys = new LinkedHashSet<>();
        boolean businessKeysChanged;
        boolean traceIdsChanged;
        int newEvents;

        private Instance(long id, InstanceKey key, int version, SagaStatus status, boolean created, String progressJson,
                         Map<String, String> businessKeys, String[] traceIds) {
            this.id = id;
            this.key = key;
            this.version = version;
            this.status = status;
            this.created = created;
            this.progressBefore = progressJson;
            this.progress = progressJson == null ? new SagaProgress() : SagaProgress.fromJson(progressJson);
            this.businessKeys = businessKeys;
            this.traceIds = new LinkedHashSet<>(Arrays.asList(traceIds));
        }

        static Instance known(long id, InstanceKey key, int version, SagaStatus status, String progressJson,
                              String businessKeysJson, String[] traceIds) {
            return new Instance(id, key, version, status, false, progressJson,
                    new LinkedHashMap<>(JSON.readValue(businessKeysJson, STRING_MAP)), traceIds);
        }

        static Instance fresh(InstanceKey key, int version) {
            Instance instance = new Instance(0, key, version, SagaStatus.RUNNING, true, null, new LinkedHashMap<>(),
                    new String[0]);
            instance.newKeys.add(key.correlationKey());
            return instance;
        }

        /** Takes the batch's events that this instance's definition version gives a role; the others go to {@code withoutRole}. */
        void take(List<SagaEventInput> batch, SagaDefinitions definitions, List<SagaEventInput> withoutRole) {
            SagaDefinition definition = definitions.version(key.type(), version);
            Set<String> seen = new HashSet<>();
            for (SagaEventInput event : batch) {
                EventRole role = definition == null ? null : definition.roleOf(event.eventName());
                if (role == null) {
                    withoutRole.add(event);
                } else if (seen.add(event.eventId())) {
                    events.add(new Pending(event, role));
                }
            }
        }

        void absorb(Pending pending) {
            SagaEventInput event = pending.event;
            if (created) {
                progress.record(pending.role, event.eventTime());
            }
            event.businessKeys().forEach((name, value) -> {
                if (businessKeys.putIfAbsent(name, value) == null) {
                    businessKeysChanged = true;
                    newKeys.add(value);
                }
            });
            // written for every event that carries them; the key table ignores values it holds already
            newKeys.addAll(event.searchValues());
            if (event.traceId() != null && traceIds.size() < MAX_TRACE_IDS && traceIds.add(event.traceId())) {
                traceIdsChanged = true;
                newKeys.add(event.traceId());
            }
        }
    }
}
