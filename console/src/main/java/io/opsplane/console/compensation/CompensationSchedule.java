package io.opsplane.console.compensation;

import io.opsplane.support.RepeatingJobs;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CompensationSchedule {

    @Bean
    JobDetail actionVerifyJob() {
        return RepeatingJobs.job(ActionVerifyJob.class, "compensation", "action-verify",
                "Settles sent commands: VERIFIED when their outcome event arrived, UNVERIFIED after their timeout");
    }

    @Bean
    Trigger actionVerifyTrigger(JobDetail actionVerifyJob, CompensationProperties properties) {
        return RepeatingJobs.every(actionVerifyJob, properties.verifyInterval());
    }
}
