package io.opsplane.console.testing;

import java.util.LinkedHashMap;
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

    /** opsplane.security.users[*] for the three users. */
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
            properties = Map.copyOf(values);
        }
        return properties;
    }
}
