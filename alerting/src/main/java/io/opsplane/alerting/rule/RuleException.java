package io.opsplane.alerting.rule;

/** A rule that cannot be used; the message names where it stands ("file:line: problem"). */
public class RuleException extends IllegalArgumentException {

    public RuleException(String message) {
        super(message);
    }
}
