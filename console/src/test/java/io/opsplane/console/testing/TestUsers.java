package io.opsplane.console.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The users every test instance of Opsplane has: one per role, with known passwords, configured as
 * an operator would (bcrypt hashes in {@code opsplane.security.users}). Hashed at the lowest bcrypt
 * cost, so signing in costs the tests nothing.
 */
public final class TestUsers {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";

    /** An API key as the test instances are configured with it: its name, its secret and the one role it gives. */
    public record ApiKey(String name, String secret, String role) {
    }

    /** The test exporters' key: what sends telemetry to {@code /v1/*}. */
    public static final ApiKey INGEST_KEY = new ApiKey("test-exporters",
            "test-ingest-key-6f1c2a9e0b4d47c38e5a1f2b7c9d0e13", "INGEST");
    /** A trace reader's key, such as Grafana's: reads {@code /jaeger/api}. */
    public static final ApiKey TRACE_READER_KEY = new ApiKey("test-grafana",
            "test-trace-reader-key-2b8e4d1f9a7c43e6b0d5c8a1e3f7b924", "TRACE_READER");
    /** A metrics scraper's key, such as Prometheus's: reads {@code /actuator/prometheus}. */
    public static final ApiKey METRICS_READER_KEY = new ApiKey("test-prometheus",
            "test-metrics-reader-key-7d3a9c2e5f1b48a6c0e4b2d8f6a1c357", "METRICS_READER");

    private static final Map<String, String> PASSWORDS = Map.of(
            ADMIN, "admin-test-password",
            OPERATOR, "operator-test-password",
            VIEWER, "viewer-test-password");
    private static final Map<String, String> ROLES = Map.of(ADMIN, "ADMIN", OPERATOR, "OPERATOR", VIEWER, "VIEWER");
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);
    private static Map<String, Object> properties;

    private TestUsers() {
    }

    public static String password(String user) {
        String password = PASSWORDS.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no test user '" + user + "'; known: " + PASSWORDS.keySet());
        }
        return password;
    }

    /** {@code {sha256}<hex>}: how a key is written in opsplane.security.api-keys. */
    public static String keyHash(String key) {
        try {
            return "{sha256}" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** opsplane.security.users[*] for the three users, and opsplane.security.api-keys[*] for the three keys. */
    public static synchronized Map<String, Object> properties() {
        if (properties == null) {
            Map<String, Object> values = new LinkedHashMap<>();
            int i = 0;
            for (String user : new String[] {ADMIN, OPERATOR, VIEWER}) {
                values.put("opsplane.security.users[" + i + "].name", user);
                values.put("opsplane.security.users[" + i + "].password", "{bcrypt}" + BCRYPT.encode(password(user)));
                values.put("opsplane.security.users[" + i + "].roles", ROLES.get(user));
                i++;
            }
            List<ApiKey> keys = List.of(INGEST_KEY, TRACE_READER_KEY, METRICS_READER_KEY);
            for (int k = 0; k < keys.size(); k++) {
                values.put("opsplane.security.api-keys[" + k + "].name", keys.get(k).name());
                values.put("opsplane.security.api-keys[" + k + "].key-hash", keyHash(keys.get(k).secret()));
                values.put("opsplane.security.api-keys[" + k + "].roles", keys.get(k).role());
            }
            properties = Map.copyOf(values);
        }
        return properties;
    }
}
