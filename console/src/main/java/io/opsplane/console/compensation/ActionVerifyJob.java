package io.opsplane.console.compensation;

import io.opsplane.support.SingleCallJob;
import org.quartz.DisallowConcurrentExecution;

/** Runs the verification check; the clustered job store fires it on one console instance per interval. */
@DisallowConcurrentExecution
class ActionVerifyJob extends SingleCallJob {

    ActionVerifyJob(ActionVerifier verifier) {
        super(verifier::verify);
    }
}
