package io.opsplane.console.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * HTTP Basic sends the password with every request, and checking a bcrypt hash costs tens of
 * milliseconds of CPU by design: an OTel exporter or Grafana calling several times a second would
 * spend a core on it. This remembers, for a few minutes, that a user name and password pair was
 * right (by a SHA-256 of the pair, never the password itself), and checks it properly again after.
 * A wrong pair is never remembered.
 *
 * <p>Only a real check is a sign-in: {@code checker} publishes its outcomes to the sign-in throttle, a remembered
 * pair publishes nothing. Otherwise every request of a polling client would forgive the guesses made at its account
 * meanwhile, and publish an event for nothing.
 */
final class RememberedBasicAuthentication implements AuthenticationManager {

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 1_000;
    private static final MessageDigest SHA256 = newSha256();

    private final AuthenticationManager checker;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    private record Remembered(Authentication result, Instant until) {
    }

    RememberedBasicAuthentication(AuthenticationManager checker, Clock clock) {
        this.checker = checker;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication request) throws AuthenticationException {
        if (!(request.getCredentials() instanceof String password)) {
            return checker.authenticate(request);
        }
        String key = fingerprint(request.getName(), password);
        Instant now = clock.instant();
        synchronized (remembered) {
            Remembered known = remembered.get(key);
            if (known != null && known.until().isAfter(now)) {
                return known.result();
            }
        }
        Authentication result = checker.authenticate(request);
        if (result != null && result.isAuthenticated()) {
            synchronized (remembered) {
                remembered.put(key, new Remembered(result, now.plus(REMEMBERED_FOR)));
            }
        }
        return result;
    }

    private static String fingerprint(String user, String password) {
        MessageDigest sha256 = sha256();
        sha256.update(user.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(password.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** A copy of a digest never used itself: {@code getInstance} searches the security providers at every call. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be copied", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
