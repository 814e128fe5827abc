package io.opsplane.console.saga;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes batches of events into saga state. A batch costs three statements whatever its size:
 * create-or-lock the instances (in key order, so concurrent consumers cannot deadlock), insert the
 * events (duplicates skipped by the unique keys), and write the instances' new state.
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
        Map<InstanceKey, Instance> instances = lockInstances(connection, byInstance.keySet());

        List<SagaEventInput> withoutRole = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<InstanceKey, List<SagaEventInput>> entry : byInstance.entrySet()) {
            Instance instance = instances.get(entry.getKey());
            SagaDefinition definition = definitions.version(instance.key.type(), instance.version);
            for (SagaEventInput event : entry.getValue()) {
                EventRole role = definition == null ? null : definition.roleOf(event.eventName());
                if (role == null) {
                    withoutRole.add(event);
                } else {
                    pending.add(new Pending(instance, event, role));
                }
            }
        }
        Set<String> inserted = insertEvents(connection, pending, receivedAt);

        int applied = 0;
        Set<Instance> changed = new LinkedHashSet<>();
        Set<String> countedOnce = new HashSet<>();
        for (Pending p : pending) {
            String insertedKey = p.instance.id + "\u0000" + p.event.eventId();
            if (inserted.contains(insertedKey) && countedOnce.add(insertedKey)) {
                p.instance.progress.record(p.role, p.event.eventTime());
                p.instance.absorb(p.event);
                p.instance.newEvents++;
                applied++;
                changed.add(p.instance);
            }
        }
        List<Instance> empty = instances.values().stream().filter(i -> i.created && i.newEvents == 0).toList();
        deleteInstances(connection, empty);
        changed.removeAll(empty);
        updateInstances(connection, changed);
        return new ApplyResult(applied, pending.size() - applied, withoutRole);
    }

    private Map<InstanceKey, Instance> lockInstances(Connection connection, Set<InstanceKey> keys) throws SQLException {
        String[] types = new String[keys.size()];
        String[] correlationKeys = new String[keys.size()];
        Integer[] versions = new Integer[keys.size()];
        int i = 0;
        for (InstanceKey key : keys) {
            types[i] = key.type();
            correlationKeys[i] = key.correlationKey();
            SagaDefinition latest = definitions.latest(key.type());
            versions[i++] = latest == null ? 0 : latest.version();
        }
        // DO UPDATE (rather than DO NOTHING) locks existing rows and returns them, so one statement
        // creates, locks and reads; ordinality keeps the lock order that avoids deadlocks.
        String sql = """
                INSERT INTO saga_instance AS s (saga_type, correlation_key, definition_version, status,
                                                started_at, last_progress_at, progress)
                SELECT t, k, v, 'RUNNING', now(), now(), '{}'::jsonb
                FROM unnest(?::text[], ?::text[], ?::int[]) WITH ORDINALITY AS u(t, k, v, o)
                ORDER BY o
                ON CONFLICT (saga_type, correlation_key) DO UPDATE SET updated_at = now()
                RETURNING id, saga_type, correlation_key, definition_version, status, progress::text,
                          business_keys::text, trace_ids, (xmax = 0) AS created
                """;
        Map<InstanceKey, Instance> instances = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("text", types));
            ps.setArray(2, connection.createArrayOf("text", correlationKeys));
            ps.setArray(3, connection.createArrayOf("int4", versions));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instance instance = new Instance(rs.getLong("id"),
                            new InstanceKey(rs.getString("saga_type"), rs.getString("correlation_key")),
                            rs.getInt("definition_version"), SagaStatus.valueOf(rs.getString("status")),
                            rs.getBoolean("created"), rs.getString("progress"), rs.getString("business_keys"),
                            (String[]) rs.getArray("trace_ids").getArray());
                    instances.put(instance.key, instance);
                }
            }
        }
        return instances;
    }

    /** Inserts the events and answers which ones were new, as "instanceId NUL eventId". */
    private Set<String> insertEvents(Connection connection, List<Pending> pending, Instant receivedAt) throws SQLException {
        if (pending.isEmpty()) {
            return Set.of();
        }
        int n = pending.size();
        Long[] sagaIds = new Long[n];
        String[] eventIds = new String[n];
        String[] names = new String[n];
        String[] kinds = new String[n];
        String[] steps = new String[n];
        String[] payloads = new String[n];
        String[] traceIds = new String[n];
        String[] spanIds = new String[n];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            Pending p = pending.get(i);
            SagaEventInput e = p.event;
            sagaIds[i] = p.instance.id;
            eventIds[i] = e.eventId();
            names[i] = e.eventName();
            kinds[i] = p.role.kind().name();
            steps[i] = p.role.step() == null ? null : p.role.step().name();
            payloads[i] = e.payloadJson();
            traceIds[i] = e.traceId();
            spanIds[i] = e.spanId();
            topics[i] = e.topic();
            partitions[i] = e.partition();
            offsets[i] = e.offset();
            times[i] = e.eventTime().toString();
        }
        String sql = """
                INSERT INTO saga_event (saga_id, event_id, event_name, kind, step, payload, trace_id, span_id,
                                        topic, kafka_partition, kafka_offset, event_time, received_at)
                SELECT s, e, n, k, st, p::jsonb, tr, sp, tp, pa, o, et::timestamptz, ?
                FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::int[], ?::bigint[], ?::text[]) AS u(s, e, n, k, st, p, tr, sp, tp, pa, o, et)
                ON CONFLICT DO NOTHING
                RETURNING saga_id, event_id
                """;
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(receivedAt));
            Object[][] columns = {sagaIds, eventIds, names, kinds, steps, payloads, traceIds, spanIds, topics};
            String[] sqlTypes = {"int8", "text", "text", "text", "text", "text", "text", "text", "text"};
            for (int c = 0; c < columns.length; c++) {
                ps.setArray(c + 2, connection.createArrayOf(sqlTypes[c], columns[c]));
            }
            ps.setArray(11, connection.createArrayOf("int4", partitions));
            ps.setArray(12, connection.createArrayOf("int8", offsets));
            ps.setArray(13, connection.createArrayOf("text", times));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1) + "\u0000" + rs.getString(2));
                }
            }
        }
        return inserted;
    }

    private void updateInstances(Connection connection, Set<Instance> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        int n = changed.size();
        Long[] ids = new Long[n];
        String[] statuses = new String[n];
        String[] currentSteps = new String[n];
        String[] nextEvents = new String[n];
        String[] services = new String[n];
        Boolean[] staysStuck = new Boolean[n];
        String[] startedAt = new String[n];
        String[] lastProgressAt = new String[n];
        String[] stepDeadlines = new String[n];
        String[] sagaDeadlines = new String[n];
        String[] dueAt = new String[n];
        String[] endedAt = new String[n];
        Integer[] newEvents = new Integer[n];
        String[] progress = new String[n];
        String[] businessKeys = new String[n];
        String[] searchKeys = new String[n];
        String[] traceIds = new String[n];
        int i = 0;
        for (Instance instance : changed) {
            SagaDefinition definition = definitions.version(instance.key.type(), instance.version);
            SagaState state = instance.progress.derive(definition);
            // a stuck instance stays stuck (keeping its reason and time) until an event moves it on
            boolean stuck = instance.status == SagaStatus.STUCK && !instance.created
                    && !state.progressedFrom(instance.stateBefore(definition));
            ids[i] = instance.id;
            staysStuck[i] = stuck;
            statuses[i] = stuck ? SagaStatus.STUCK.name() : state.status().name();
            currentSteps[i] = state.currentStep();
            nextEvents[i] = state.nextEvent();
            services[i] = state.responsibleService();
            startedAt[i] = text(state.startedAt());
            lastProgressAt[i] = text(state.lastProgressAt());
            stepDeadlines[i] = text(state.stepDeadline());
            sagaDeadlines[i] = text(state.sagaDeadline());
            dueAt[i] = stuck ? null : text(state.dueAt());
            endedAt[i] = text(state.endedAt());
            newEvents[i] = instance.newEvents;
            progress[i] = instance.progress.toJson();
            businessKeys[i] = JSON.writeValueAsString(instance.businessKeys);
            searchKeys[i] = JSON.writeValueAsString(instance.searchKeys());
            traceIds[i] = JSON.writeValueAsString(instance.traceIds);
            i++;
        }
        String sql = """
                UPDATE saga_instance s SET
                    status = u.status,
                    current_step = u.current_step,
                    next_event = u.next_event,
                    responsible_service = u.service,
                    stuck_reason = CASE WHEN u.stays_stuck THEN s.stuck_reason END,
                    stuck_since = CASE WHEN u.stays_stuck THEN s.stuck_since END,
                    started_at = u.started_at::timestamptz,
                    last_progress_at = u.last_progress_at::timestamptz,
                    step_deadline = u.step_deadline::timestamptz,
                    saga_deadline = u.saga_deadline::timestamptz,
                    due_at = u.due_at::timestamptz,
                    ended_at = u.ended_at::timestamptz,
                    event_count = s.event_count + u.new_events,
                    progress = u.progress::jsonb,
                    business_keys = u.business_keys::jsonb,
                    search_keys = ARRAY(SELECT jsonb_array_elements_text(u.search_keys::jsonb)),
                    trace_ids = ARRAY(SELECT jsonb_array_elements_text(u.trace_ids::jsonb)),
                    updated_at = now()
                FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[],
                            ?::text[], ?::text[])
                     AS u(id, status, current_step, next_event, service, stays_stuck, started_at,
                          last_progress_at, step_deadline, saga_deadline, due_at, ended_at, new_events, progress,
                          business_keys, search_keys, trace_ids)
                WHERE s.id = u.id
                """;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("int8", ids));
            Object[][] columns = {statuses, currentSteps, nextEvents, services, staysStuck, startedAt,
                    lastProgressAt, stepDeadlines, sagaDeadlines, dueAt, endedAt, newEvents, progress, businessKeys,
                    searchKeys, traceIds};
            for (int c = 0; c < columns.length; c++) {
                String type = columns[c] instanceof Boolean[] ? "bool" : columns[c] instanceof Integer[] ? "int4" : "text";
                ps.setArray(c + 2, connection.createArrayOf(type, columns[c]));
            }
            ps.executeUpdate();
        }
    }

    private void deleteInstances(Connection connection, List<Instance> instances) throws SQLException {
        if (instances.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM saga_instance WHERE id = ANY(?)")) {
            Array ids = connection.createArrayOf("int8", instances.stream().map(i -> i.id).toArray(Long[]::new));
            ps.setArray(1, ids);
            ps.executeUpdate();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private record InstanceKey(String type, String correlationKey) implements Comparable<InstanceKey> {
        @Override
        public int compareTo(InstanceKey other) {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : correlationKey.compareTo(other.correlationKey);
        }
    }

    private record Pending(Instance instance, SagaEventInput event, EventRole role) {
    }

    /** One locked instance row while a batch is applied to it. */
    private static final class Instance {
        final long id;
        final InstanceKey key;
        final int version;
        final SagaStatus status;
        final boolean created;
        final String progressBefore;
        final SagaProgress progress;
        final Map<String, String> businessKeys;
        final LinkedHashSet<String> traceIds;
        int newEvents;

        Instance(long id, InstanceKey key, int version, SagaStatus status, boolean created, String progressJson,
                 String businessKeysJson, String[] traceIds) {
            this.id = id;
            this.key = key;
            this.version = version;
            this.status = status;
            this.created = created;
            this.progressBefore = progressJson;
            this.progress = SagaProgress.fromJson(progressJson);
            this.businessKeys = new LinkedHashMap<>(JSON.readValue(businessKeysJson, STRING_MAP));
            this.traceIds = new LinkedHashSet<>(Arrays.asList(traceIds));
        }

        SagaState stateBefore(SagaDefinition definition) {
            return SagaProgress.fromJson(progressBefore).derive(definition);
        }

        void absorb(SagaEventInput event) {
            event.businessKeys().forEach(businessKeys::putIfAbsent);
            if (event.traceId() != null && traceIds.size() < MAX_TRACE_IDS) {
                traceIds.add(event.traceId());
            }
        }

        List<String> searchKeys() {
            Set<String> keys = new LinkedHashSet<>();
            keys.add(key.correlationKey());
            keys.addAll(businessKeys.values());
            keys.addAll(traceIds);
            return List.copyOf(keys);
        }
    }
}
