package io.opsplane.alerting.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opsplane.alerting.alert.AlertChangeListener;
import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.delivery.Outbox;
import io.opsplane.alerting.notify.Notification;
import io.opsplane.alerting.notify.Receivers;
import io.opsplane.alerting.silence.Silence;
import io.opsplane.alerting.silence.SilenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notification groups, as Alertmanager keeps them but in PostgreSQL so that every console instance
 * shares them: an alert that begins firing joins the group of each route it matches; the group
 * tells its receiver after group_wait, about later changes no sooner than group_interval after its
 * last notification, and repeats itself after repeat_interval while alerts still fire. Silenced
 * alerts are left out of notifications; a group whose alerts are all silenced sends nothing.
 */
@Component
public class GroupStore implements AlertChangeListener {

    private static final Logger log = LoggerFactory.getLogger(GroupStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final Router router;
    private final Receivers receivers;
    private final Outbox outbox;
    private final SilenceStore silences;
    private final Clock clock;

    GroupStore(JdbcTemplate jdbc, Router router, Receivers receivers, Outbox outbox, SilenceStore silences,
               Clock clock) {
        this.jdbc = jdbc;
        this.router = router;
        this.receivers = receivers;
        this.outbox = outbox;
        this.silences = silences;
        this.clock = clock;
    }

    private record Joining(Router.Match match, Map<String, String> groupLabels, List<Long> alertIds) {
    }

    /** Runs in the evaluation's transaction: the groups to tell are marked with the state change itself. */
    @Override
    public void changed(List<Changed> alerts, Instant now) {
        Timestamp at = Timestamp.from(now);
        // groups are locked in key order, so two evaluations touching the same groups cannot deadlock
        Map<String, Joining> joining = new TreeMap<>();
        List<Long> resolved = new ArrayList<>();
        for (Changed alert : alerts) {
            if (alert.state().equals("resolved")) {
                resolved.add(alert.id());
                continue;
            }
            for (Router.Match match : router.route(alert.labels())) {
                Map<String, String> groupLabels = match.groupLabels(alert.labels());
                joining.computeIfAbsent(match.groupKey(groupLabels), k -> new Joining(match, groupLabels,
                        new ArrayList<>())).alertIds().add(alert.id());
            }
        }
        for (Map.Entry<String, Joining> entry : joining.entrySet()) {
            Router.Match match = entry.getValue().match();
            long groupId = jdbc.queryForObject("""
                    INSERT INTO alert_group (group_key, receiver, group_labels, group_wait_ms, group_interval_ms,
                        repeat_interval_ms, created_at, flush_at)
                    VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?)
                    ON CONFLICT (group_key) DO UPDATE SET
                        group_wait_ms = EXCLUDED.group_wait_ms, group_interval_ms = EXCLUDED.group_interval_ms,
                        repeat_interval_ms = EXCLUDED.repeat_interval_ms,
                        flush_at = """ + NEXT_FLUSH_ON_CHANGE + " RETURNING id", Long.class,
                    entry.getKey(), match.receiver(), JSON.writeValueAsString(entry.getValue().groupLabels()),
                    match.groupWait().toMillis(), match.groupInterval().toMillis(), match.repeatInterval().toMillis(),
                    at, Timestamp.from(now.plus(match.groupWait())), at, at);
            jdbc.batchUpdate("INSERT INTO alert_group_member (group_id, alert_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    entry.getValue().alertIds().stream().map(id -> new Object[]{groupId, id}).toList());
        }
        if (!resolved.isEmpty()) {
            jdbc.update("""
                    UPDATE alert_group SET flush_at = """ + NEXT_FLUSH_ON_CHANGE
                    + " WHERE id IN (SELECT DISTINCT group_id FROM alert_group_member WHERE alert_id = ANY (?))",
                    at, at, (Object) resolved.toArray(Long[]::new));
        }
    }

    /**
     * A group still in its group_wait keeps that time; a group that has notified looks again at
     * group_interval after its last notification (or now, if that has passed), unless due sooner.
     */
    private static final String NEXT_FLUSH_ON_CHANGE = """
            CASE WHEN alert_group.last_notified_at IS NULL THEN coalesce(alert_group.flush_at, ?::timestamptz)
                 ELSE least(coalesce(alert_group.flush_at, 'infinity'), greatest(?::timestamptz,
                      alert_group.last_notified_at + alert_group.group_interval_ms * interval '1 millisecond')) END""";

    /** Silences were changed or ended: groups with firing alerts look again now. */
    @EventListener
    void silencesChanged(SilenceStore.SilencesChanged event) {
        jdbc.update("""
                UPDATE alert_group g SET flush_at = ? WHERE (g.flush_at IS NULL OR g.flush_at > ?)
                  AND EXISTS (SELECT 1 FROM alert_group_member m JOIN alert a ON a.id = m.alert_id
                              WHERE m.group_id = g.id AND a.state = 'firing')""",
                Timestamp.from(clock.instant()), Timestamp.from(clock.instant()));
    }

    private record Member(long alertId, String notifiedState, String state, Map<String, String> labels,
                          Map<String, String> annotations, String generatorUrl, String fingerprint, Instant firedAt,
                          Instant resolvedAt, boolean acknowledged) {
    }

    /** Claims the group due longest ago and tells its receiver what changed; false when none is due. */
    boolean flushNext() {
        Instant now = clock.instant();
        List<Map<String, Object>> due = jdbc.queryForList("""
                SELECT id, group_key, receiver, group_labels::text AS group_labels, repeat_interval_ms,
                       last_notified_at FROM alert_group WHERE flush_at <= ?
                ORDER BY flush_at LIMIT 1 FOR UPDATE SKIP LOCKED""", Timestamp.from(now));
        if (due.isEmpty()) {
            return false;
        }
        Map<String, Object> group = due.getFirst();
        flush((Long) group.get("id"), (String) group.get("group_key"), (String) group.get("receiver"),
                JSON.readValue((String) group.get("group_labels"), STRING_MAP),
                Duration.ofMillis((Long) group.get("repeat_interval_ms")),
                group.get("last_notified_at") == null ? null : ((Timestamp) group.get("last_notified_at")).toInstant(),
                now);
        return true;
    }

    private void flush(long groupId, String groupKey, String receiverName, Map<String, String> groupLabels,
                       Duration repeatInterval, Instant lastNotifiedAt, Instant now) {
        Receiver receiver = receivers.find(receiverName).orElse(null);
        if (receiver == null) {
            log.warn("Alert group {} sends to receiver '{}', which is no longer configured: dropped", groupKey,
                    receiverName);
            jdbc.update("DELETE FROM alert_group WHERE id = ?", groupId);
            return;
        }
        List<Member> members = jdbc.query("""
                SELECT m.alert_id, m.notified_state, a.state, a.labels::text, a.annotations::text, a.generator_url,
                       a.fingerprint, a.fired_at, a.resolved_at, a.acknowledged_at IS NOT NULL
                FROM alert_group_member m JOIN alert a ON a.id = m.alert_id
                WHERE m.group_id = ? ORDER BY a.fired_at, a.id""", (rs, n) -> new Member(rs.getLong(1),
                rs.getString(2), rs.getString(3), JSON.readValue(rs.getString(4), STRING_MAP),
                JSON.readValue(rs.getString(5), STRING_MAP), rs.getString(6), rs.getString(7),
                rs.getTimestamp(8).toInstant(), rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(),
                rs.getBoolean(10)), groupId);
        List<Silence> active = silences.active(now);
        List<Member> firing = new ArrayList<>();
        List<Member> resolvedToTell = new ArrayList<>();
        List<Long> forgotten = new ArrayList<>();
        Instant silenceEnds = null;
        for (Member m : members) {
            if (m.state().equals("firing")) {
                List<Silence> muting = active.stream().filter(s -> s.mutes(m.labels())).toList();
                if (muting.isEmpty()) {
                    firing.add(m);
                } else {
                    Instant ends = muting.stream().map(Silence::endsAt).max(Instant::compareTo).orElseThrow();
                    silenceEnds = silenceEnds == null || ends.isBefore(silenceEnds) ? ends : silenceEnds;
                }
            } else if ("firing".equals(m.notifiedState())) {
                resolvedToTell.add(m);
            } else {
                forgotten.add(m.alertId()); // resolved before the receiver heard of it: nothing to take back
            }
        }
        boolean news = !resolvedToTell.isEmpty() || firing.stream().anyMatch(m -> m.notifiedState() == null);
        boolean repeat = !firing.isEmpty() && lastNotifiedAt != null
                && !now.isBefore(lastNotifiedAt.plus(repeatInterval)) && firing.stream().anyMatch(m -> !m.acknowledged());
        Instant notifiedAt = lastNotifiedAt;
        if (news || repeat) {
            List<Notification.NotifiedAlert> alerts = new ArrayList<>();
            firing.forEach(m -> alerts.add(notified(m, "firing")));
            resolvedToTell.forEach(m -> alerts.add(notified(m, "resolved")));
            Notification notification = new Notification(receiverName, groupKey, firing.isEmpty() ? "resolved"
                    : "firing", groupLabels, alerts);
            outbox.alert(receiver, notification);
            jdbc.batchUpdate("UPDATE alert_group_member SET notified_state = 'firing' WHERE group_id = ? AND alert_id = ?",
                    firing.stream().map(m -> new Object[]{groupId, m.alertId()}).toList());
            resolvedToTell.forEach(m -> forgotten.add(m.alertId()));
            notifiedAt = now;
        }
        if (!forgotten.isEmpty()) {
            jdbc.update("DELETE FROM alert_group_member WHERE group_id = ? AND alert_id = ANY (?)", groupId,
                    forgotten.toArray(Long[]::new));
        }
        if (members.size() == forgotten.size()) {
            jdbc.update("DELETE FROM alert_group WHERE id = ?", groupId);
            return;
        }
        // only unacknowledged firing alerts repeat; a group with none waits for a change (which sets flush_at)
        // or a silence's end: a repeat time already past would have the dispatcher pick this group forever
        boolean repeats = firing.stream().anyMatch(m -> !m.acknowledged());
        Instant next = repeats ? (notifiedAt == null ? now : notifiedAt).plus(repeatInterval) : null;
        if (silenceEnds != null && (next == null || silenceEnds.isBefore(next))) {
            next = silenceEnds;
        }
        jdbc.update("UPDATE alert_group SET flush_at = ?, last_notified_at = ? WHERE id = ?",
                next == null ? null : Timestamp.from(next), notifiedAt == null ? null : Timestamp.from(notifiedAt),
                groupId);
    }

    private static Notification.NotifiedAlert notified(Member m, String status) {
        return new Notification.NotifiedAlert(status, m.labels(), m.annotations(), m.firedAt(),
                status.equals("resolved") ? m.resolvedAt() : null, m.generatorUrl(), m.fingerprint());
    }

    /** Every group with its alerts, oldest group first. */
    public List<GroupView> groups() {
        List<Silence> active = silences.active(clock.instant());
        Map<Long, List<GroupView.GroupAlert>> alerts = new TreeMap<>();
        jdbc.query("""
                SELECT m.group_id, a.id, a.fingerprint, a.state, m.notified_state, a.labels::text,
                       a.annotations ->> 'summary' FROM alert_group_member m JOIN alert a ON a.id = m.alert_id
                ORDER BY a.fired_at, a.id""", rs -> {
            Map<String, String> labels = JSON.readValue(rs.getString(6), STRING_MAP);
            alerts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new GroupView.GroupAlert(rs.getLong(2),
                    rs.getString(3), rs.getString(4), rs.getString(5), labels, rs.getString(7),
                    SilenceStore.muting(active, labels)));
        });
        return jdbc.query("SELECT * FROM alert_group ORDER BY created_at, id", (rs, n) -> new GroupView(rs.getLong("id"),
                rs.getString("group_key"), rs.getString("receiver"),
                JSON.readValue(rs.getString("group_labels"), STRING_MAP), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("flush_at") == null ? null : rs.getTimestamp("flush_at").toInstant(),
                rs.getTimestamp("last_notified_at") == null ? null : rs.getTimestamp("last_notified_at").toInstant(),
                alerts.getOrDefault(rs.getLong("id"), List.of())));
    }
}
