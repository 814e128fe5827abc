package io.opsplane.alerting.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A notification group as the API and the console show it. */
public record GroupView(long id, String groupKey, String receiver, Map<String, String> groupLabels, Instant createdAt,
                        Instant nextFlushAt, Instant lastNotifiedAt, List<GroupAlert> alerts) {

    public record GroupAlert(long id, String fingerprint, String state, String notifiedState,
                             Map<String, String> labels, String summary, List<UUID> silencedBy) {
    }
}
