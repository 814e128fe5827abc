package io.opsplane.console.compensation;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CompensationSchedule {

    @Bean
    JobDetail actionVerifyJob() {
        return JobBuilder.newJob(ActionVerifyJob.class).withIdentity("action-verify", "compensation")
                .withDescription("Settles sent commands: VERIFIED when their outcome event arrived, UNVERIFIED after their timeout")
                .storeDurably().build();
    }

    @Bean
    Trigger actionVerifyTrigger(JobDetail actionVerifyJob, CompensationProperties properties) {
        return TriggerBuilder.newTrigger().forJob(actionVerifyJob).withIdentity("action-verify", "compensation")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(properties.getVerifyInterval().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
