package io.opsplane.console.lag;

import java.time.Instant;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** One lag sample; Quartz's clustered job store runs it on one console at a time. */
@DisallowConcurrentExecution
class LagSampleJob extends QuartzJobBean {

    private final ConsumerLag lag;

    LagSampleJob(ConsumerLag lag) {
        this.lag = lag;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        lag.sample(Instant.now());
    }
}
