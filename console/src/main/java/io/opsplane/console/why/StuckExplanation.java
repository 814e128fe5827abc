package io.opsplane.console.why;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicActivity;
import io.opsplane.console.text.Phrase;

/**
 * Why a saga is not moving, as far as the signals tell: one sentence first, then what it rests on.
 *
 * @param reason          the one line an on-call engineer reads first, in words of the reader's language
 * @param service         the service responsible for the step, as the definition names it
 * @param awaitedEvent    the event the saga waits for, and the topic that carries it (null when it waits on none)
 * @param groups          the responsible service's consumer groups on the watched topics
 * @param awaitedTopic    how many records the awaited event's topic holds and when it last grew
 * @param awaitedLastSeen the latest time any saga of the type got the awaited event, among those started since
 *                        this one (less the step's timeout); null when none did
 * @param telemetryName   the service's name in traces and logs, when one matches
 * @param logs            its warnings and errors around the due time, grouped by message, most frequent first
 * @param change          its rate, errors and p95 around the due time against the quarter of an hour before
 * @param telemetryProblem why logs and figures are missing (the search cluster away), or null
 * @param othersStuck     other sagas of the same type stuck at the same step
 * @param othersRunning   sagas of the same type running at that step
 */
public record StuckExplanation(long sagaId, String sagaType, Phrase reason, String service, String step, String awaitedEvent,
                               String awaitedTopicName, Instant due, List<GroupLag> groups, TopicActivity awaitedTopic,
                               Instant awaitedLastSeen, String telemetryName, List<LogGroup> logs, ServiceChange change,
                               String telemetryProblem, long othersStuck, long othersRunning) {

    /** The one line in English, as the REST API gives it. */
    @JsonProperty("sentence")
    public String sentence() {
        return reason.english();
    }

    /** Log lines alike but for their ids and numbers; {@code example} is one of them as written. */
    public record LogGroup(String level, String message, String example, long count, Instant first, Instant last) {
    }

    /** The service's figures over two windows: {@code before} ends where {@code around} begins. */
    public record ServiceChange(Figures before, Figures around) {
    }

    public record Figures(Instant from, Instant to, long spans, double ratePerSecond, double errorRatio,
                          double p95Millis) {
    }
}
