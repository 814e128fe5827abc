package io.opsplane.console.compensation.policy;

import io.opsplane.console.compensation.CompensationProperties;
import io.opsplane.support.RepeatingJobs;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PolicySchedule {

    @Bean
    JobDetail compensationPolicyJob() {
        return RepeatingJobs.job(PolicyJob.class, "compensation", "compensation-policies",
                "Compensates stuck sagas as the automatic compensation policies say");
    }

    @Bean
    Trigger compensationPolicyTrigger(JobDetail compensationPolicyJob, CompensationProperties properties) {
        return RepeatingJobs.every(compensationPolicyJob, properties.policies().interval());
    }
}
