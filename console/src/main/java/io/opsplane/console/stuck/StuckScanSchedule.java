package io.opsplane.console.stuck;

import java.time.Duration;

import io.opsplane.support.RepeatingJobs;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
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
    Trigger stuckScanTrigger(JobDetail stuckScanJob, @Value("${opsplane.stuck.scan-interval:5s}") Duration interval) {
        return RepeatingJobs.every(stuckScanJob, interval);
    }
}
