package io.opsplane.console.lag;

import io.opsplane.support.RepeatingJobs;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LagSchedule {

    @Bean
    Trigger lagSampleTrigger(LagProperties properties) {
        return RepeatingJobs.scheduled(LagSampleJob.class, "kafka", "consumer-lag",
                "Samples every consumer group's lag on the topics the saga definitions name", properties.sampleInterval());
    }
}
