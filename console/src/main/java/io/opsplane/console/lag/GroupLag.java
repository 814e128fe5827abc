package io.opsplane.console.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One consumer group as the last sample saw it: its state, how many members are consuming, and its lag on each of
 * the topics Opsplane watches.
 *
 * @param service the service the group belongs to: {@code opsplane.lag.group-services}, else the group's id
 */
public record GroupLag(String group, String service, String state, int members, Instant sampledAt,
                       List<TopicLag> topics) {

    @JsonProperty("lag")
    public long lag() {
        return topics.stream().mapToLong(TopicLag::lag).sum();
    }

    /** Nobody consumes: whatever arrives waits. */
    @JsonProperty("noActiveMembers")
    public boolean noActiveMembers() {
        return members == 0;
    }

    /** The topic it has been behind on longest without progress, if it is behind anywhere. */
    public TopicLag mostStalled(Instant now) {
        return topics.stream().filter(t -> t.lag() > 0)
                .max(Comparator.comparing((TopicLag t) -> t.stalledFor(now)).thenComparingLong(TopicLag::lag))
                .orElse(null);
    }

    public Duration stalledFor(Instant now) {
        TopicLag worst = mostStalled(now);
        return worst == null ? Duration.ZERO : worst.stalledFor(now);
    }

    /** Worst first: stalled longest, then most behind. */
    public static Comparator<GroupLag> worstFirst(Instant now) {
        return Comparator.comparing((GroupLag g) -> g.stalledFor(now)).thenComparingLong(GroupLag::lag).reversed()
                .thenComparing(GroupLag::group);
    }
}
