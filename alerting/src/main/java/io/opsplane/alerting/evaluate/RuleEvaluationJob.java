package io.opsplane.alerting.evaluate;

import java.time.Clock;

import io.opsplane.alerting.rule.RuleCatalog;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Evaluates one rule. Each rule is a job of its own in Quartz's clustered JDBC job store, so each
 * interval's evaluation runs on one console instance, and never twice at once (DisallowConcurrentExecution).
 */
@DisallowConcurrentExecution
class RuleEvaluationJob extends QuartzJobBean {

    static final String RULE = "rule";

    private final RuleCatalog catalog;
    private final RuleEvaluator evaluator;
    private final Clock clock;

    RuleEvaluationJob(RuleCatalog catalog, RuleEvaluator evaluator, Clock clock) {
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        // a rule deleted since the trigger fired is simply skipped: the schedule drops its job
        catalog.find(context.getMergedJobDataMap().getString(RULE))
                .ifPresent(rule -> evaluator.evaluate(rule, clock.instant()));
    }
}
