package io.opsplane.console.retention;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** One retention pass; Quartz's clustered job store runs it on one console at a time. */
@DisallowConcurrentExecution
class RetentionJob extends QuartzJobBean {

    private final Retention retention;
    private final RetentionProperties properties;

    RetentionJob(Retention retention, RetentionProperties properties) {
        this.retention = retention;
        this.properties = properties;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        // the trigger stays in the job store when retention is switched off, so the switch is checked here
        if (properties.enabled()) {
            retention.pass();
        }
    }
}
