package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How failed sign-ins lock out a user or an address, with a clock the test moves. */
class SignInThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final SignInThrottle throttle = new SignInThrottle(settings(Map.of()), clock);

    @Test
    void theFifthFailureWithinAMinuteLocksTheUserOutForAMinuteWhateverTheAddress() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("Alice", "10.0.0." + i);
            assertThat(throttle.retryAfter("alice", "10.0.0.9")).isZero();
        }
        throttle.failed("alice", "10.0.0.5");
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.retryAfter("bob", "10.0.0.9")).as("other users and addresses").isZero();

        // the right password while locked out changes nothing
        throttle.succeeded("alice");
        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.retryAfter("alice", null)).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.retryAfter("alice", null)).isZero();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotAddUp() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("carol", "10.0.1.1");
            clock.advance(Duration.ofSeconds(20));
        }
        assertThat(throttle.retryAfter("carol", "10.0.1.1")).isZero();
    }

    @Test
    void lockOutsInARowDoubleUpToTheCap() {
        Duration[] expected = {Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(15), Duration.ofMinutes(15)};
        for (Duration lockout : expected) {
            for (int i = 0; i < 5; i++) {
                throttle.failed("dave", null);
            }
            assertThat(throttle.retryAfter("dave", null)).isEqualTo(lockout);
            clock.advance(lockout);
        }
        // a quiet spell as long as the longest lock-out forgives the history
        clock.advance(Duration.ofMinutes(16));
        for (int i = 0; i < 5; i++) {
            throttle.failed("dave", null);
        }
        assertThat(throttle.retryAfter("dave", null)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void oneAddressGuessingManyUsersIsLockedOutAfterTwenty() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user-" + i, "192.0.2.7");
        }
        assertThat(throttle.retryAfter("someone-else", "192.0.2.7")).isZero();
        throttle.failed("user-19", "192.0.2.7");
        assertThat(throttle.retryAfter("someone-else", "192.0.2.7")).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.retryAfter("someone-else", "192.0.2.8")).isZero();
    }

    @Test
    void aRightPasswordForgivesTheUsersEarlierFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("erin", null);
        }
        throttle.succeeded("erin");
        throttle.failed("erin", null);
        assertThat(throttle.retryAfter("erin", null)).isZero();
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlySeen() {
        SignInThrottle small = new SignInThrottle(settings(Map.of("sign-in-throttle.max-tracked", "3")), clock);
        for (int i = 0; i < 5; i++) {
            small.failed("frank", null);
        }
        assertThat(small.retryAfter("frank", null)).isPositive();
        for (int i = 0; i < 3; i++) {
            small.failed("other-" + i, null);
        }
        assertThat(small.retryAfter("frank", null)).as("evicted").isZero();
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The settings as bound from configuration, so the defaults are the ones an operator gets. */
    private static SecurityProperties.SignInThrottle settings(Map<String, String> configured) {
        return SecurityPropertiesBinding.bind(configured).signInThrottle();
    }
}
