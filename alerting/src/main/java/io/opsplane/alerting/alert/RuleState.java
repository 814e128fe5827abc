package io.opsplane.alerting.alert;

import java.time.Instant;

/** How a rule's evaluations went, for the API and the console. */
public record RuleState(String rule, Health health, String lastError, Instant lastEvaluatedAt,
                        Double lastDurationMs, int series) {

    public enum Health { OK, NO_DATA, ERROR }
}
