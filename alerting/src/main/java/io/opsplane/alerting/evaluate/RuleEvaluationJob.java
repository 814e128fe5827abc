package io.opsplane.alerting.evaluate;

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

    private final RuleEvaluator evaluator;

    RuleEvaluationJob(RuleEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        // a rule deleted since the trigger fired is simply skipped: the schedule drops its job
        evaluator.evaluate(context.getMergedJobDataMap().getString(RULE));
    }
}
