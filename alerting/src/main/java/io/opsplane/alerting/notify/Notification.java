package io.opsplane.alerting.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One notification of an alert group to one receiver: the group's firing alerts and those resolved
 * since the group last told the receiver. {@code status} is "firing" when any alert fires.
 */
public record Notification(String receiver, String groupKey, String status, Map<String, String> groupLabels,
                           List<NotifiedAlert> alerts) {

    /** {@code endsAt} is null while the alert fires. */
    public record NotifiedAlert(String status, Map<String, String> labels, Map<String, String> annotations,
                                Instant startsAt, Instant endsAt, String generatorUrl, String fingerprint) {
    }
}
