package io.opsplane.alerting.signal;

import java.time.Duration;
import java.time.Instant;

/**
 * Where an alert sends a person: the console view that shows what the alert counted. The console implements
 * this from each view's own query object, so a link carries exactly the parameters that view reads; alerting
 * never spells console URLs itself (hand-built links drifted from the views they named). Each method returns a
 * location relative to the console's root (e.g. "sagas?type=..."), without the external URL, which the caller
 * prefixes. Absent (null) arguments mean "no filter". Without an implementation, alerts link to the console's root.
 */
public interface ConsoleLinks {

    /** The saga list showing the sagas stuck at this step for this reason. */
    String stuckSagas(String sagaType, String step, String reason);

    /** The saga flow of this type over the lookback: its steps, their durations over time. */
    String sagaFlow(String sagaType, Duration lookback);

    /** The saga list showing the sagas of this type started since the rule's window began. */
    String failingSagas(String sagaType, Instant startedFrom);

    /** The saga list showing the sagas of this type with an operator action at this step that ended with this outcome. */
    String compensationProblems(String sagaType, String step, CompensationSignals.Outcome outcome);

    /** The trace search showing the failing traces of this service (and operation) over the lookback. */
    String failingTraces(String service, String operation, Duration lookback);

    /** The trace search showing the traces of this service (and operation) at least this slow. */
    String slowTraces(String service, String operation, Duration minDuration, Duration lookback);

    /** The migration view showing this route's legacy and new services over the lookback. */
    String migration(String route, Duration lookback);

    /** The log search showing the lines the log-count rule counted. */
    String logs(String query, String service, Duration lookback);

    /** The saga's page, where its operator actions and their commands are shown. */
    String saga(long sagaId);

    /** The Kafka page showing this consumer group's lag per topic. */
    String consumerGroup(String group);
}
