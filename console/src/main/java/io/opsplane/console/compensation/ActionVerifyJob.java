package io.opsplane.console.compensation;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Runs the verification check; the clustered job store fires it on one console instance per interval. */
@DisallowConcurrentExecution
class ActionVerifyJob extends QuartzJobBean {

    private final ActionVerifier verifier;

    ActionVerifyJob(ActionVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        verifier.verify();
    }
}
