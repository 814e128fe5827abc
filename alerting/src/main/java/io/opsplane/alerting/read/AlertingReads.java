package io.opsplane.alerting.read;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.alert.RuleState;
import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.delivery.Delivery;
import io.opsplane.alerting.delivery.DeliveryLog;
import io.opsplane.alerting.dispatch.GroupStore;
import io.opsplane.alerting.dispatch.GroupView;
import io.opsplane.alerting.notify.ReceiverLanguages;
import io.opsplane.alerting.notify.Receivers;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.rule.RuleCatalog;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.alerting.silence.Silence;
import io.opsplane.alerting.silence.SilenceStore;
import org.springframework.stereotype.Service;

/**
 * What a host's pages read of alerting, in one place: alerts, rules and their health, notification groups,
 * silences, receivers and the delivery log. Pages call this instead of the stores, so the stores stay free to change
 * (their writes, locking and tables are alerting's own business) as long as this answers the same.
 */
@Service
public class AlertingReads {

    private final AlertStore alerts;
    private final GroupStore groups;
    private final SilenceStore silences;
    private final DeliveryLog deliveries;
    private final RuleCatalog rules;
    private final Receivers receivers;
    private final ReceiverLanguages languages;

    AlertingReads(AlertStore alerts, GroupStore groups, SilenceStore silences, DeliveryLog deliveries,
                  RuleCatalog rules, Receivers receivers, ReceiverLanguages languages) {
        this.languages = languages;
        this.alerts = alerts;
        this.groups = groups;
        this.silences = silences;
        this.deliveries = deliveries;
        this.rules = rules;
        this.receivers = receivers;
    }

    /** Every rule: the rules file's first, then stored ones by name. */
    public List<AlertRule> rules() {
        return rules.all();
    }

    /** The configured receivers. */
    public List<Receiver> receivers() {
        return receivers.all();
    }

    /** What may be shown of a receiver: where it sends, never a credential. */
    public Map<String, Object> describe(Receiver receiver) {
        Map<String, Object> described = receivers.describe(receiver);
        described.put("language", languages.of(receiver));
        return described;
    }

    /** The languages a receiver's notifications can be written in ("en", "ko"). */
    public List<String> receiverLanguages() {
        return ReceiverLanguages.LANGUAGES;
    }

    /** Alerts newest first, in {@code state} (pending, firing, resolved; null for live ones), matching every matcher. */
    public List<AlertView> alerts(String state, List<Matcher> matchers, int limit) {
        return alerts.list(state, matchers, limit);
    }

    /** Alerts about sagas of {@code sagaType} that were firing at some time in {@code [from, to]}, oldest first, at most 50. */
    public List<AlertView> sagaTypeAlerts(String sagaType, Instant from, Instant to) {
        return alerts.firedWhile("saga_type", sagaType, from, to, 50);
    }

    /** Each rule's health and last evaluation. */
    public List<RuleState> ruleStates() {
        return alerts.ruleStates();
    }

    /** Every notification group with its alerts, oldest group first. */
    public List<GroupView> groups() {
        return groups.groups();
    }

    /** Silences in {@code state} (null: all). */
    public List<Silence> silences(Silence.State state) {
        return silences.list(state);
    }

    /** A receiver's deliveries, newest first, in {@code status} (null: any). */
    public List<Delivery> deliveries(String receiver, String status, int limit) {
        return deliveries.forReceiver(receiver, status, limit);
    }

    /** Receivers with deliveries waiting in the outbox, with how many and since when. */
    public List<DeliveryLog.Pending> pendingDeliveries() {
        return deliveries.pending();
    }

    public Optional<Delivery> delivery(long id) {
        return deliveries.find(id);
    }
}
