package io.opsplane.console.compensation.policy;

import java.time.Instant;

import io.opsplane.support.SingleCallJob;
import org.quartz.DisallowConcurrentExecution;

/** Runs the automatic compensation policies on one console instance per interval (clustered job store). */
@DisallowConcurrentExecution
class PolicyJob extends SingleCallJob {

    PolicyJob(CompensationPolicies policies) {
        super(() -> policies.run(Instant.now()));
    }
}
