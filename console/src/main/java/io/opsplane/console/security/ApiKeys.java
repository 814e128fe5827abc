package io.opsplane.console.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The configured API keys ({@code opsplane.security.api-keys}), known only by their SHA-256.
 *
 * <p>Why SHA-256 and not bcrypt as for passwords: an exporter sends its key with every batch, many
 * times a second, and bcrypt costs tens of milliseconds by design. Slow hashing protects guessable
 * secrets (passwords) against a stolen hash; a key of 128 bits or more from a random generator cannot
 * be guessed from its hash however fast the hash is, so one SHA-256 per request protects it as well
 * at a microsecond's cost. Hashes are compared in constant time, and always against every key.
 */
final class ApiKeys {

    static final String PREFIX = "{sha256}";
    private static final Pattern HASH = Pattern.compile("\\{sha256}[0-9a-f]{64}");

    private record Key(String name, byte[] hash, List<GrantedAuthority> authorities) {
    }

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = keys;
    }

    /** The keys of the configuration, refusing a plain key, a malformed hash, a key without a name or roles. */
    static ApiKeys of(List<SecurityProperties.ApiKey> configured) {
        List<Key> keys = new ArrayList<>();
        for (SecurityProperties.ApiKey key : configured) {
            if (key.name() == null || key.name().isBlank()) {
                throw new IllegalArgumentException("opsplane.security.api-keys: a key has no name");
            }
            String hash = key.keyHash() == null ? "" : key.keyHash().trim();
            if (!HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException("opsplane.security.api-keys: the key-hash of '" + key.name()
                        + "' must be {sha256} and the key's SHA-256 in lower-case hex, not the key itself"
                        + " (make one with: printf %s 'the key' | sha256sum | sed 's/ .*//; s/^/{sha256}/')");
            }
            if (key.roles().isEmpty()) {
                throw new IllegalArgumentException("opsplane.security.api-keys: the key '" + key.name()
                        + "' has no roles (INGEST for exporters, TRACE_READER for Grafana, METRICS_READER for Prometheus)");
            }
            Set<GrantedAuthority> authorities = new LinkedHashSet<>();
            key.roles().forEach(role -> authorities.addAll(Role.parse(role).grantedAuthorities()));
            keys.add(new Key(key.name(), HexFormat.of().parseHex(hash.substring(PREFIX.length())),
                    List.copyOf(authorities)));
        }
        return new ApiKeys(List.copyOf(keys));
    }

    /** The signed-in key whose hash {@code presented} has, or null. */
    Authentication authenticate(String presented) {
        byte[] hash = sha256(presented);
        Key found = null;
        for (Key key : keys) {
            // no early exit: how long the check takes tells nothing about which key came close
            if (MessageDigest.isEqual(key.hash(), hash) && found == null) {
                found = key;
            }
        }
        return found == null ? null
                : UsernamePasswordAuthenticationToken.authenticated(found.name(), null, found.authorities());
    }

    /** {@code {sha256}<hex>} of a key: what the configuration holds. */
    static String hash(String key) {
        return PREFIX + HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
