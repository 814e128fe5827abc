package io.opsplane.alerting.evaluate;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.rule.RuleCatalog;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import io.opsplane.support.RepeatingJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps one Quartz job per rule, with the rule's interval, in the shared job store: at start-up and
 * whenever a stored rule changes. A rule that is gone has its job removed and its alerts resolved.
 * Every console instance is expected to read the same rules file.
 */
@Component
record RuleSchedule(Scheduler scheduler, RuleCatalog catalog, AlertStore alerts, Clock clock) {

    static final String GROUP = "alert-rules";
    private static final Logger log = LoggerFactory.getLogger(RuleSchedule.class);

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        sync();
    }

    @EventListener
    void rulesChanged(RuleCatalog.RulesChanged event) {
        sync();
    }

    synchronized void sync() {
        List<AlertRule> rules = catalog.all();
        Set<String> names = new HashSet<>();
        try {
            for (AlertRule rule : rules) {
                names.add(rule.name());
                schedule(rule);
            }
            for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!names.contains(job.getName())) {
                    scheduler.deleteJob(job);
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule alert rule evaluations: " + e.getMessage(), e);
        }
        for (String known : alerts.knownRules()) {
            if (!names.contains(known)) {
                int resolved = alerts.retire(known, clock.instant());
                log.info("Alert rule '{}' is gone: {} firing alerts resolved", known, resolved);
            }
        }
    }

    /** Leaves a job whose interval is unchanged alone, so restarts do not shift evaluation times. */
    private void schedule(AlertRule rule) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(rule.name(), GROUP);
        Trigger existing = scheduler.getTrigger(key);
        if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == rule.interval().toMillis()
                && scheduler.checkExists(JobKey.jobKey(rule.name(), GROUP))) {
            return;
        }
        JobDetail job = RepeatingJobs.job(RuleEvaluationJob.class, GROUP, rule.name(),
                "Evaluates alert rule " + rule.name());
        job.getJobDataMap().put(RuleEvaluationJob.RULE, rule.name());
        scheduler.scheduleJob(job, Set.of(RepeatingJobs.every(job, rule.interval())), true);
    }
}
