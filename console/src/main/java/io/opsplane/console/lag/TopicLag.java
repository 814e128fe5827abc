package io.opsplane.console.lag;

import java.time.Duration;
import java.time.Instant;

/**
 * One consumer group on one topic, at the last sample.
 *
 * @param lag           records between the group's committed offsets and the ends of the partitions it committed on
 * @param uncommitted   partitions the group is assigned but has committed nothing on yet (not counted in the lag)
 * @param behindSince   when the group last moved on a partition it is behind on; null when it has caught up
 */
public record TopicLag(String topic, int partitions, long lag, int uncommitted, Instant behindSince) {

    /** Behind and not moving for this long reads as stalled: samples come every 10 s by default. */
    public static final Duration STALLED_AFTER = Duration.ofSeconds(30);

    public boolean stalled(Instant now) {
        return stalledFor(now).compareTo(STALLED_AFTER) >= 0;
    }

    /** How long the group has been behind on this topic without committing anything; zero when caught up. */
    public Duration stalledFor(Instant now) {
        return lag == 0 || behindSince == null || behindSince.isAfter(now) ? Duration.ZERO
                : Duration.between(behindSince, now);
    }
}
