package io.opsplane.console.alerting;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.console.testing.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * For checks that nothing else is (wrongly) sent: waits, through the alerting API, until the system itself says
 * nothing more can reach the receiver for a long while, rather than sleeping and hoping that was long enough.
 */
final class NothingMoreToSend {

    /** Longer than any test's group_wait or group_interval, shorter than their repeat_interval and silences. */
    private static final Duration HORIZON = Duration.ofMinutes(1);

    private NothingMoreToSend() {
    }

    /**
     * Waits until {@code rule} has been evaluated at or after {@code evaluatedFrom} (so whatever that evaluation
     * changes is changed), no notification group is due before a minute from now (so the dispatcher has told every
     * change and only repeats remain) and no delivery to receiver ops is pending (so what it queued has arrived).
     */
    static void awaitSettled(ApiClient api, String rule, Instant evaluatedFrom) {
        await("an evaluation of " + rule + " from " + evaluatedFrom + ", then no group due and no delivery pending")
                .atMost(Duration.ofSeconds(30)).until(() -> evaluatedFrom(api, rule, evaluatedFrom) && noGroupDue(api)
                        && api.getJson("/api/receivers/ops/deliveries?status=pending").isEmpty());
    }

    private static boolean evaluatedFrom(ApiClient api, String rule, Instant from) {
        Instant last = instant(api.getJson("/api/alert-rules/" + rule).path("evaluation").path("lastEvaluatedAt"));
        return last != null && !last.isBefore(from);
    }

    private static boolean noGroupDue(ApiClient api) {
        Instant horizon = Instant.now().plus(HORIZON);
        for (JsonNode group : api.getJson("/api/alerts/groups")) {
            Instant next = instant(group.path("nextFlushAt"));
            if (next != null && next.isBefore(horizon)) {
                return false;
            }
        }
        return true;
    }

    private static Instant instant(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asString());
    }
}
