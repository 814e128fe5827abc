package io.opsplane.console.stuck;

import java.time.Instant;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Runs the stuck scan. Quartz's clustered job store fires each trigger on one console instance only,
 * and DisallowConcurrentExecution keeps a slow scan from overlapping the next one cluster-wide.
 */
@DisallowConcurrentExecution
class StuckScanJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(StuckScanJob.class);

    private final StuckScanner scanner;

    StuckScanJob(StuckScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        String instance;
        try {
            instance = context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            instance = "unknown";
        }
        int marked = scanner.scan(Instant.now(), instance);
        if (marked > 0) {
            log.info("Stuck scan on {} marked {} saga instances STUCK", instance, marked);
        }
    }
}
