package io.opsplane.console.compensation.policy;

import io.opsplane.console.compensation.CompensationProperties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PolicySchedule {

    @Bean
    JobDetail compensationPolicyJob() {
        return JobBuilder.newJob(PolicyJob.class).withIdentity("compensation-policies", "compensation")
                .withDescription("Compensates stuck sagas as the automatic compensation policies say")
                .storeDurably().build();
    }

    @Bean
    Trigger compensationPolicyTrigger(JobDetail compensationPolicyJob, CompensationProperties properties) {
        return TriggerBuilder.newTrigger().forJob(compensationPolicyJob).withIdentity("compensation-policies", "compensation")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(properties.getPolicies().getInterval().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
