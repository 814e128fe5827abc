package io.opsplane.alerting.signal;

import java.time.Duration;
import java.util.List;

/**
 * What alerting asks of the compensation feature's command outbox: the commands confirmed but not delivered yet,
 * per destination. Until an implementation is present, rules of that kind evaluate to "no data".
 */
public interface CommandOutboxSignals {

    /** One entry per destination (Kafka, or an HTTP destination's host) with commands waiting to be delivered. */
    List<WaitingCommands> waiting();

    /** {@code count} commands wait for {@code destination}; the oldest for {@code oldest}, of action {@code oldestActionId} on saga {@code oldestSagaId}. */
    record WaitingCommands(String destination, long count, Duration oldest, long oldestActionId, long oldestSagaId) {
    }
}
