package io.opsplane.console.compensation.policy;

import java.time.Instant;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Runs the automatic compensation policies on one console instance per interval (clustered job store). */
@DisallowConcurrentExecution
class PolicyJob extends QuartzJobBean {

    private final CompensationPolicies policies;

    PolicyJob(CompensationPolicies policies) {
        this.policies = policies;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        policies.run(Instant.now());
    }
}
