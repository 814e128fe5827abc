package io.opsplane.console.compensation.policy;

import io.opsplane.console.compensation.CompensationProperties;
import io.opsplane.support.RepeatingJobs;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PolicySchedule {

    @Bean
    Trigger compensationPolicyTrigger(CompensationProperties properties) {
        return RepeatingJobs.scheduled(PolicyJob.class, "compensation", "compensation-policies",
                "Compensates stuck sagas as the automatic compensation policies say", properties.policies().interval());
    }
}
