package io.opsplane.console.compensation;

import io.opsplane.support.RepeatingJobs;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CompensationSchedule {

    @Bean
    Trigger actionVerifyTrigger(CompensationProperties properties) {
        return RepeatingJobs.scheduled(ActionVerifyJob.class, "compensation", "action-verify",
                "Settles sent commands: VERIFIED when their outcome event arrived, UNVERIFIED after their timeout", properties.verifyInterval());
    }
}
