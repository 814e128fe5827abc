package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the sagas of one type are, step by step: live counts of the open ones (not windowed, so each equals what the
 * saga list shows for that type, status and step), and over {@code [from, to)} how long each step took and which
 * path the sagas started there took. {@code measured} sagas' steps were timed; {@code measuredAll} is false when the
 * window held more than could be read, and the durations are those of the newest.
 */
public record SagaFlow(String type, Instant from, Instant to, List<Step> steps, Paths paths, List<Instant> buckets,
                       long measured, boolean measuredAll) {

    /**
     * One step as defined ({@code defined} false: a step of an older definition version some saga still waits
     * on). {@code p50}/{@code p95} are null when no saga finished the step in the window; {@code p95ByBucket} holds
     * one entry per bucket, null where none finished.
     */
    public record Step(String name, String service, boolean defined, Duration timeout, long running, long stuck,
                       long failed, long compensating, long finished, Duration p50, Duration p95,
                       List<Duration> p95ByBucket) {
    }

    /** What became of the sagas started in the window. */
    public record Paths(long started, long completed, long compensated, long resolved, long open) {

        /** Share of the ended sagas that completed (0..1); null while none ended. */
        public Double completedShare() {
            long ended = completed + compensated + resolved;
            return ended == 0 ? null : (double) completed / ended;
        }

        public Double compensatedShare() {
            long ended = completed + compensated + resolved;
            return ended == 0 ? null : (double) compensated / ended;
        }
    }
}
