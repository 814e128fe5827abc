package io.opsplane.console.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts failed sign-ins per user name and per client address, and locks either out for a while once
 * it has failed too often within a window: at most {@code failures-per-user} guesses at one account
 * and {@code failures-per-address} from one address, where there were about 20 a second before. A
 * lock-out that follows another doubles, up to a cap. While locked, every sign-in is refused, the
 * right password too, or a guesser would learn when it found it.
 *
 * <p>Memory is bounded: each table keeps the most recently seen {@code max-tracked} names or
 * addresses. Flooding it with new names evicts old counters, but the flood's own address is then
 * the one locked out.
 */
final class SignInThrottle {

    private final SecurityProperties.SignInThrottle settings;
    private final Clock clock;
    private final Map<String, Counter> users;
    private final Map<String, Counter> addresses;

    SignInThrottle(SecurityProperties.SignInThrottle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.users = bounded(settings.maxTracked());
        this.addresses = bounded(settings.maxTracked());
    }

    /** How long a sign-in as {@code user} (null: not known yet) from {@code address} must still wait; zero when it may try. */
    Duration retryAfter(String user, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        synchronized (this) {
            for (Counter counter : new Counter[] {user == null ? null : users.get(key(user)),
                    address == null ? null : addresses.get(address)}) {
                if (counter != null && counter.lockedUntil != null && counter.lockedUntil.isAfter(now)) {
                    Duration left = Duration.between(now, counter.lockedUntil);
                    wait = left.compareTo(wait) > 0 ? left : wait;
                }
            }
        }
        return wait;
    }

    /** A wrong password or key: counts against the user (when named) and the address. */
    void failed(String user, String address) {
        Instant now = clock.instant();
        synchronized (this) {
            if (user != null) {
                users.computeIfAbsent(key(user), k -> new Counter()).fail(now, settings.failuresPerUser());
            }
            if (address != null) {
                addresses.computeIfAbsent(address, k -> new Counter()).fail(now, settings.failuresPerAddress());
            }
        }
    }

    /**
     * A right password: the user's failures are forgiven. The address's are not, or one account of
     * one's own would reset the count of guesses at everyone else's.
     */
    void succeeded(String user) {
        if (user == null) {
            return;
        }
        synchronized (this) {
            Counter counter = users.get(key(user));
            if (counter != null && (counter.lockedUntil == null || !counter.lockedUntil.isAfter(clock.instant()))) {
                users.remove(key(user));
            }
        }
    }

    private static String key(String user) {
        return user.toLowerCase(Locale.ROOT);
    }

    private final class Counter {
        private int failures;
        private Instant windowStart;
        private Instant lockedUntil;
        /** Lock-outs in a row, for the back-off; forgotten after a quiet spell as long as the longest lock-out. */
        private int lockouts;

        void fail(Instant now, int limit) {
            if (lockedUntil != null && now.isAfter(lockedUntil.plus(settings.maxLockout()))) {
                lockouts = 0;
            }
            if (windowStart == null || !now.isBefore(windowStart.plus(settings.window()))) {
                windowStart = now;
                failures = 0;
            }
            if (++failures >= limit) {
                Duration lockout = settings.lockout().multipliedBy(1L << Math.min(lockouts, 20));
                lockedUntil = now.plus(lockout.compareTo(settings.maxLockout()) > 0 ? settings.maxLockout() : lockout);
                lockouts++;
                failures = 0;
                windowStart = null;
            }
        }
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
