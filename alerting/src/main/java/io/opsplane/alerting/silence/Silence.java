package io.opsplane.alerting.silence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Mutes the alerts all of whose labels match, between {@code startsAt} and {@code endsAt}. */
public record Silence(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, Instant updatedAt, State state) {

    public enum State { PENDING, ACTIVE, EXPIRED }

    public boolean mutes(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }

    static State stateAt(Instant startsAt, Instant endsAt, Instant now) {
        return now.isBefore(startsAt) ? State.PENDING : now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }
}
