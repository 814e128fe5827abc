package io.opsplane.console.stuck;

import java.time.Duration;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StuckScanSchedule {

    @Bean
    JobDetail stuckScanJob() {
        return JobBuilder.newJob(StuckScanJob.class).withIdentity("stuck-scan", "sagas")
                .withDescription("Marks saga instances STUCK once their step timeout, deadline or failure grace passes")
                .storeDurably().build();
    }

    @Bean
    Trigger stuckScanTrigger(JobDetail stuckScanJob, @Value("${opsplane.stuck.scan-interval:5s}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(stuckScanJob).withIdentity("stuck-scan", "sagas")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        // after downtime, one scan catches up with everything due: no burst of missed runs
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
