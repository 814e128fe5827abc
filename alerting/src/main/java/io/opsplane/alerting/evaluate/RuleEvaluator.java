package io.opsplane.alerting.evaluate;

import java.time.Clock;
import java.time.Instant;

import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.alert.RuleState;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.rule.RuleCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** One evaluation of one rule: read its signal, then record alerts (or why there was no answer). */
@Component
public class RuleEvaluator {

    private static final Logger log = LoggerFactory.getLogger(RuleEvaluator.class);

    private final RuleCatalog catalog;
    private final SignalReader signals;
    private final AlertStore alerts;
    private final Clock clock;

    RuleEvaluator(RuleCatalog catalog, SignalReader signals, AlertStore alerts, Clock clock) {
        this.catalog = catalog;
        this.signals = signals;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Evaluates the rule of that name as it stands now; a rule deleted since it was scheduled is skipped. */
    void evaluate(String ruleName) {
        catalog.find(ruleName).ifPresent(rule -> evaluate(rule, clock.instant()));
    }

    public void evaluate(AlertRule rule, Instant now) {
        long began = System.nanoTime();
        try {
            switch (signals.read(rule, now)) {
                case SignalReader.NoData noData -> alerts.recordProblem(rule.name(), RuleState.Health.NO_DATA,
                        noData.reason(), now, millisSince(began));
                case SignalReader.Found found -> alerts.apply(rule, found.observations(), now, millisSince(began));
            }
        } catch (RuntimeException e) {
            // the alerts stay as they were; the next interval tries again, and the rule's health says why
            log.warn("Alert rule '{}' could not be evaluated: {}", rule.name(), e.toString());
            alerts.recordProblem(rule.name(), RuleState.Health.ERROR, e.toString(), now, millisSince(began));
        }
    }

    private static double millisSince(long began) {
        return (System.nanoTime() - began) / 1e6;
    }
}
