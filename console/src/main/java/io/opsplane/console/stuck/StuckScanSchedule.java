package io.opsplane.console.stuck;

import io.opsplane.support.RepeatingJobs;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StuckScanSchedule {

    @Bean
    Trigger stuckScanTrigger(StuckProperties properties) {
        return RepeatingJobs.scheduled(StuckScanJob.class, "sagas", "stuck-scan",
                "Marks saga instances STUCK once their step timeout, deadline or failure grace passes", properties.scanInterval());
    }
}
