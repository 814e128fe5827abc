package io.opsplane.console.stuck;

import io.opsplane.support.RepeatingJobs;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StuckScanSchedule {

    @Bean
    JobDetail stuckScanJob() {
        return RepeatingJobs.job(StuckScanJob.class, "sagas", "stuck-scan",
                "Marks saga instances STUCK once their step timeout, deadline or failure grace passes");
    }

    @Bean
    Trigger stuckScanTrigger(JobDetail stuckScanJob, StuckProperties properties) {
        return RepeatingJobs.every(stuckScanJob, properties.scanInterval());
    }
}
