package io.opsplane.alerting.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.rule.AnnotationTemplate;
import io.opsplane.alerting.rule.AnnotationVariants;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.alerting.silence.Silence;
import io.opsplane.alerting.silence.SilenceStore;
import io.opsplane.alerting.web.AlertingProblems;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts in PostgreSQL and their lifecycle, as Prometheus keeps it: a series over its threshold is
 * pending, firing once it has stayed so for the rule's {@code for} time, resolved when it is no
 * longer found (a pending one is simply dropped). Each evaluation is one transaction, which also
 * tells the dispatcher what began firing or was resolved, so no change can be recorded without it.
 */
@Component
public class AlertStore {

    /** What one evaluation changed. */
    public record Applied(int pending, int firing, int newlyFiring, int resolved) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final List<AlertChangeListener> listeners;
    private final SilenceStore silences;
    private final Clock clock;

    AlertStore(JdbcTemplate jdbc, List<AlertChangeListener> listeners, SilenceStore silences, Clock clock) {
        this.jdbc = jdbc;
        this.listeners = listeners;
        this.silences = silences;
        this.clock = clock;
    }

    private record Live(long id, String state, Instant activeAt) {
    }

    /** Applies one evaluation of {@code rule} that found {@code observations} over its threshold. */
    @Transactional
    public Applied apply(AlertRule rule, List<Observation> observations, Instant now, double evaluationMillis) {
        lockRule(rule.name());
        Map<String, Live> live = new HashMap<>();
        jdbc.query("SELECT id, fingerprint, state, active_at FROM alert WHERE rule_name = ? AND state <> 'resolved'",
                rs -> {
                    live.put(rs.getString(2), new Live(rs.getLong(1), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }, rule.name());
        Timestamp at = Timestamp.from(now);
        List<AlertChangeListener.Changed> changed = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        int pending = 0;
        int firing = 0;
        for (Observation observation : observations) {
            Map<String, String> labels = labels(rule, observation);
            String fingerprint = Fingerprint.of(labels);
            String annotations = JSON.writeValueAsString(annotations(rule, labels, observation));
            String[] samples = observation.samples().toArray(String[]::new);
            Live existing = live.remove(fingerprint);
            if (existing == null) {
                boolean firesNow = rule.forDuration().isZero();
                long id = jdbc.queryForObject("""
                        INSERT INTO alert (rule_name, fingerprint, labels, annotations, generator_url, value, samples,
                            state, active_at, fired_at, last_seen_at)
                        VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class,
                        rule.name(), fingerprint, JSON.writeValueAsString(labels), annotations, observation.link(),
                        observation.value(), samples, firesNow ? "firing" : "pending", at, firesNow ? at : null, at);
                if (firesNow) {
                    changed.add(new AlertChangeListener.Changed(id, labels, "firing"));
                    firing++;
                } else {
                    pending++;
                }
            } else {
                boolean fires = existing.state().equals("firing")
                        || !now.isBefore(existing.activeAt().plus(rule.forDuration()));
                if (fires && existing.state().equals("pending")) {
                    changed.add(new AlertChangeListener.Changed(existing.id(), labels, "firing"));
                }
                updates.add(new Object[]{annotations, observation.link(), observation.value(), samples,
                        fires ? "firing" : "pending", fires ? at : null, at, existing.id()});
                if (fires) {
                    firing++;
                } else {
                    pending++;
                }
            }
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("""
                    UPDATE alert SET annotations = ?::jsonb, generator_url = ?, value = ?, samples = ?, state = ?,
                        fired_at = coalesce(fired_at, ?::timestamptz), last_seen_at = ?
                    WHERE id = ?""", updates);
        }
        int resolved = endMissing(live.values(), at, changed);
        int newlyFiring = (int) changed.stream().filter(c -> c.state().equals("firing")).count();
        if (!changed.isEmpty()) {
            listeners.forEach(l -> l.changed(changed, now));
        }
        jdbc.update("""
                UPDATE alert_rule_state SET health = 'OK', last_error = NULL, last_evaluated_at = ?,
                    last_duration_ms = ?, series = ? WHERE rule_name = ?""", at, evaluationMillis, observations.size(),
                rule.name());
        return new Applied(pending, firing, newlyFiring, resolved);
    }

    /** A rule whose source answered nothing usable: its alerts stay as they are, its health says why. */
    @Transactional
    public void recordProblem(String ruleName, RuleState.Health health, String problem, Instant now, double evaluationMillis) {
        lockRule(ruleName);
        jdbc.update("""
                UPDATE alert_rule_state SET health = ?, last_error = ?, last_evaluated_at = ?, last_duration_ms = ?
                WHERE rule_name = ?""", health.name(), problem, Timestamp.from(now), evaluationMillis, ruleName);
    }

    /** The rule is gone: its firing alerts are resolved (and told), its pending ones dropped. */
    @Transactional
    public int retire(String ruleName, Instant now) {
        List<Live> live = jdbc.query("SELECT id, state, active_at FROM alert WHERE rule_name = ? AND state <> 'resolved'",
                (rs, n) -> new Live(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()), ruleName);
        List<AlertChangeListener.Changed> changed = new ArrayList<>();
        int resolved = endMissing(live, Timestamp.from(now), changed);
        if (!changed.isEmpty()) {
            listeners.forEach(l -> l.changed(changed, now));
        }
        jdbc.update("DELETE FROM alert_rule_state WHERE rule_name = ?", ruleName);
        return resolved;
    }

    /** Names of rules that have live alerts or a recorded state. */
    public List<String> knownRules() {
        return jdbc.queryForList("""
                SELECT rule_name FROM alert_rule_state
                UNION SELECT DISTINCT rule_name FROM alert WHERE state <> 'resolved'""", String.class);
    }

    private int endMissing(java.util.Collection<Live> missing, Timestamp at, List<AlertChangeListener.Changed> changed) {
        int resolved = 0;
        for (Live gone : missing) {
            if (gone.state().equals("pending")) {
                jdbc.update("DELETE FROM alert WHERE id = ?", gone.id());
            } else {
                Map<String, String> labels = JSON.readValue(jdbc.queryForObject(
                        "UPDATE alert SET state = 'resolved', resolved_at = ? WHERE id = ? RETURNING labels::text",
                        String.class, at, gone.id()), STRING_MAP);
                changed.add(new AlertChangeListener.Changed(gone.id(), labels, "resolved"));
                resolved++;
            }
        }
        return resolved;
    }

    private void lockRule(String ruleName) {
        jdbc.update("INSERT INTO alert_rule_state (rule_name, health) VALUES (?, 'OK') ON CONFLICT DO NOTHING",
                ruleName);
        jdbc.queryForList("SELECT rule_name FROM alert_rule_state WHERE rule_name = ? FOR UPDATE", ruleName);
    }

    private static Map<String, String> labels(AlertRule rule, Observation observation) {
        Map<String, String> labels = new TreeMap<>(rule.labels());
        observation.labels().forEach((k, v) -> {
            if (v != null) {
                labels.put(k, v);
            }
        });
        labels.put("alertname", rule.name());
        labels.put("severity", rule.severity());
        return labels;
    }

    private static Map<String, String> annotations(AlertRule rule, Map<String, String> labels, Observation o) {
        Map<String, String> out = new TreeMap<>();
        rule.annotations().forEach((name, template) -> out.put(name,
                AnnotationTemplate.render(template, labels, o.value(), o.samples(), o.link())));
        if (!out.containsKey("summary")) {
            AnnotationVariants.defaultSummary(rule.name(), o.value()).forEach(out::putIfAbsent);
        }
        return out;
    }

    public List<RuleState> ruleStates() {
        return jdbc.query("SELECT * FROM alert_rule_state ORDER BY rule_name", (rs, n) -> new RuleState(
                rs.getString("rule_name"), RuleState.Health.valueOf(rs.getString("health")), rs.getString("last_error"),
                instant(rs, "last_evaluated_at"), (Double) rs.getObject("last_duration_ms"), rs.getInt("series")));
    }

    /** Alerts newest first, in {@code state} (pending, firing, resolved; null for live ones), matching every matcher. */
    public List<AlertView> list(String state, List<Matcher> matchers, int limit) {
        if (state != null && !List.of("pending", "firing", "resolved").contains(state)) {
            throw new IllegalArgumentException("state must be pending, firing or resolved, not '" + state + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, not " + limit);
        }
        List<Silence> active = silences.active(clock.instant());
        // label matching happens here: live alerts are few, and history is read newest first in pages
        List<AlertView> out = new ArrayList<>();
        int offset = 0;
        while (out.size() < limit) {
            List<AlertView> page = jdbc.query("SELECT * FROM alert WHERE " + (state == null ? "state <> 'resolved'"
                            : "state = ?") + " ORDER BY active_at DESC, id DESC LIMIT 500 OFFSET " + offset,
                    (rs, n) -> view(rs, active), state == null ? new Object[0] : new Object[]{state});
            page.stream().filter(a -> matchers.stream().allMatch(m -> m.matches(a.labels())))
                    .limit(limit - out.size()).forEach(out::add);
            if (page.size() < 500) {
                break;
            }
            offset += 500;
        }
        return out;
    }

    /**
     * Alerts whose {@code label} is {@code value} and that were firing at some time in {@code [from, to]}, in the
     * order they fired; at most {@code limit}. For a saga's history: the alerts about its type while it ran.
     */
    public List<AlertView> firedWhile(String label, String value, Instant from, Instant to, int limit) {
        List<Silence> active = silences.active(clock.instant());
        return jdbc.query("""
                SELECT * FROM alert WHERE labels @> jsonb_build_object(?::text, ?::text) AND fired_at IS NOT NULL AND fired_at <= ?
                    AND (resolved_at IS NULL OR resolved_at >= ?)
                ORDER BY fired_at, id LIMIT ?""", (rs, n) -> view(rs, active), label, value, Timestamp.from(to),
                Timestamp.from(from), limit);
    }

    public AlertView find(long id) {
        List<Silence> active = silences.active(clock.instant());
        return jdbc.query("SELECT * FROM alert WHERE id = ?", (rs, n) -> view(rs, active), id).stream().findFirst()
                .orElseThrow(() -> new AlertingProblems.NotFound("no alert with id " + id));
    }

    /** Someone has taken the alert on: it is marked, and the group stops repeating it. */
    public AlertView acknowledge(long id, String by, String comment) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs 'by': who takes the alert on");
        }
        if (comment != null && comment.length() > 2_000) {
            throw new IllegalArgumentException("'comment' must be at most 2000 characters");
        }
        AlertView alert = find(id);
        if (alert.state().equals("resolved")) {
            throw new AlertingProblems.Conflict("alert " + id + " is resolved; there is nothing to acknowledge");
        }
        jdbc.update("UPDATE alert SET acknowledged_by = ?, acknowledged_at = ?, ack_comment = ? WHERE id = ?",
                by.trim(), Timestamp.from(clock.instant()), comment, id);
        return find(id);
    }

    private static AlertView view(ResultSet rs, List<Silence> active) throws SQLException {
        Map<String, String> labels = JSON.readValue(rs.getString("labels"), STRING_MAP);
        String ackBy = rs.getString("acknowledged_by");
        return new AlertView(rs.getLong("id"), rs.getString("rule_name"), rs.getString("fingerprint"),
                rs.getString("state"), labels, JSON.readValue(rs.getString("annotations"), STRING_MAP),
                rs.getDouble("value"), Arrays.asList((String[]) rs.getArray("samples").getArray()),
                rs.getString("generator_url"), instant(rs, "active_at"), instant(rs, "fired_at"),
                instant(rs, "resolved_at"), instant(rs, "last_seen_at"),
                ackBy == null ? null : new AlertView.Acknowledgement(ackBy, instant(rs, "acknowledged_at"),
                        rs.getString("ack_comment")),
                rs.getString("state").equals("resolved") ? List.of() : SilenceStore.muting(active, labels));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
