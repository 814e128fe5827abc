package io.opsplane.alerting.rule;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad rules file into a start-up report naming the file, the line and the problem. */
class RuleFailureAnalyzer extends AbstractFailureAnalyzer<RuleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RuleException cause) {
        return new FailureAnalysis("Invalid alert rule: " + cause.getMessage(),
                "Fix the rules file named above (opsplane.alerting.rules-file says where it is read from).", cause);
    }
}
