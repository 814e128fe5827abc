package io.opsplane.alerting.notify;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad receiver or route setting into a start-up report that names it. */
class ReceiverFailureAnalyzer extends AbstractFailureAnalyzer<ReceiverException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ReceiverException cause) {
        return new FailureAnalysis("Invalid alerting receivers: " + cause.getMessage(),
                "Fix opsplane.alerting.receivers, opsplane.alerting.route or opsplane.alerting.allowed-hosts "
                        + "(see docs/alerting.md).", cause);
    }
}
