package io.opsplane.console.lag;

import java.time.Instant;

import io.opsplane.support.SingleCallJob;
import org.quartz.DisallowConcurrentExecution;

/** One lag sample; Quartz's clustered job store runs it on one console at a time. */
@DisallowConcurrentExecution
class LagSampleJob extends SingleCallJob {

    LagSampleJob(ConsumerLag lag) {
        super(() -> lag.sample(Instant.now()));
    }
}
