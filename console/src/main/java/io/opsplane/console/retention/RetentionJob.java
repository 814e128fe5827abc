package io.opsplane.console.retention;

import io.opsplane.support.SingleCallJob;
import org.quartz.DisallowConcurrentExecution;

/** One retention pass; Quartz's clustered job store runs it on one console at a time. */
@DisallowConcurrentExecution
class RetentionJob extends SingleCallJob {

    RetentionJob(Retention retention, RetentionProperties properties) {
        super(() -> {
            // the trigger stays in the job store when retention is switched off, so the switch is checked here
            if (properties.enabled()) {
                retention.pass();
            }
        });
    }
}
