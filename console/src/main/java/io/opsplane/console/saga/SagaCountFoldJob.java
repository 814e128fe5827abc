package io.opsplane.console.saga;

import java.time.Duration;

import io.opsplane.support.RepeatingJobs;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Keeps saga_count a few rows long: ingest appends a few rows per batch that moves sagas to another status or step,
 * and this job sums them every {@link #INTERVAL}, on one console of the cluster at a time.
 */
@DisallowConcurrentExecution
class SagaCountFoldJob extends QuartzJobBean {

    /** A few thousand rows between two folds at full ingest, which a count reads in 2–3 ms (docs/benchmarks.md). */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final SagaStore sagas;

    SagaCountFoldJob(SagaStore sagas) {
        this.sagas = sagas;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        sagas.foldCounts();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        Trigger sagaCountFoldTrigger() {
            return RepeatingJobs.scheduled(SagaCountFoldJob.class, "sagas", "count-fold",
                    "Sums the changes to the saga counts (saga_count) into one row per count", INTERVAL);
        }
    }
}
