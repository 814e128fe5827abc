package io.opsplane.console.retention;

import io.opsplane.support.RepeatingJobs;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RetentionSchedule {

    @Bean
    Trigger retentionTrigger(RetentionProperties properties) {
        return RepeatingJobs.scheduled(RetentionJob.class, "retention", "retention-pass",
                "Deletes indices and rows older than opsplane.retention allows", properties.interval());
    }
}
