package io.opsplane.console.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsplane.security.*}: the users who sign in with a password, the API keys machines use, the
 * OIDC role mapping, how failed sign-ins are throttled, and the payload fields a VIEWER sees masked.
 */
@ConfigurationProperties("opsplane.security")
public class SecurityProperties {

    /** Users signing in with a password; the password is a hash such as {bcrypt}$2a$10$…, never plain text. */
    private List<User> users = new ArrayList<>();

    /**
     * Field names whose values a VIEWER sees masked, wherever they appear: payload fields at any depth,
     * span and log attributes, headers, business keys. Case, '_' and '-' are ignored; a dotted
     * attribute matches as a whole ({@code enduser.phone}).
     */
    private List<String> maskedFields = new ArrayList<>(List.of("cardNumber", "phone", "address", "email"));

    /**
     * Values a VIEWER sees masked by their shape, whatever field holds them: {@code card-numbers}
     * (13–19 digits passing the Luhn check; the last four stay), {@code email-addresses}.
     */
    private List<String> maskedValues = new ArrayList<>(List.of("card-numbers", "email-addresses"));

    /** More value shapes to mask, by name: a regular expression each (possessive quantifiers recommended). */
    private Map<String, String> maskedValuePatterns = new LinkedHashMap<>();

    /** Keys for machines (exporters, Grafana), sent as {@code Authorization: Bearer <key>}; stored as a SHA-256 hash. */
    private List<ApiKey> apiKeys = new ArrayList<>();

    private SignInThrottle signInThrottle = new SignInThrottle();

    private Oidc oidc = new Oidc();

    public List<ApiKey> getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(List<ApiKey> apiKeys) {
        this.apiKeys = apiKeys;
    }

    public SignInThrottle getSignInThrottle() {
        return signInThrottle;
    }

    public void setSignInThrottle(SignInThrottle signInThrottle) {
        this.signInThrottle = signInThrottle;
    }

    public List<User> getUsers() {
        return users;
    }

    public void setUsers(List<User> users) {
        this.users = users;
    }

    public List<String> getMaskedFields() {
        return maskedFields;
    }

    public void setMaskedFields(List<String> maskedFields) {
        this.maskedFields = maskedFields;
    }

    public List<String> getMaskedValues() {
        return maskedValues;
    }

    public void setMaskedValues(List<String> maskedValues) {
        this.maskedValues = maskedValues;
    }

    public Map<String, String> getMaskedValuePatterns() {
        return maskedValuePatterns;
    }

    public void setMaskedValuePatterns(Map<String, String> maskedValuePatterns) {
        this.maskedValuePatterns = maskedValuePatterns;
    }

    public Oidc getOidc() {
        return oidc;
    }

    public void setOidc(Oidc oidc) {
        this.oidc = oidc;
    }

    public static class User {
        private String name;
        private String password;
        private List<String> roles = new ArrayList<>(List.of(Role.VIEWER.name()));

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }

    public static class ApiKey {
        /** Who the key is, in logs and the audit trail (e.g. {@code demo-agents}, {@code grafana}). */
        private String name;
        /** {@code {sha256}} and the hex SHA-256 of the key, never the key itself. */
        private String keyHash;
        /** Usually INGEST (exporters) or TRACE_READER (Grafana); none by default, so a key grants only what is written. */
        private List<String> roles = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getKeyHash() {
            return keyHash;
        }

        public void setKeyHash(String keyHash) {
            this.keyHash = keyHash;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }

    /** Failed sign-ins (login form, HTTP Basic, API keys) allowed before a caller is refused for a while. */
    public static class SignInThrottle {
        /** Failures per user name within {@link #window} before that user is locked out. */
        private int failuresPerUser = 5;
        /** Failures per client address within {@link #window} before that address is locked out. */
        private int failuresPerAddress = 20;
        private Duration window = Duration.ofMinutes(1);
        /** The first lock-out; each further one in a row doubles, up to {@link #maxLockout}. */
        private Duration lockout = Duration.ofMinutes(1);
        private Duration maxLockout = Duration.ofMinutes(15);
        /** User names and addresses remembered at most (each); the least recently seen are forgotten first. */
        private int maxTracked = 10_000;

        public int getFailuresPerUser() {
            return failuresPerUser;
        }

        public void setFailuresPerUser(int failuresPerUser) {
            this.failuresPerUser = failuresPerUser;
        }

        public int getFailuresPerAddress() {
            return failuresPerAddress;
        }

        public void setFailuresPerAddress(int failuresPerAddress) {
            this.failuresPerAddress = failuresPerAddress;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Duration getLockout() {
            return lockout;
        }

        public void setLockout(Duration lockout) {
            this.lockout = lockout;
        }

        public Duration getMaxLockout() {
            return maxLockout;
        }

        public void setMaxLockout(Duration maxLockout) {
            this.maxLockout = maxLockout;
        }

        public int getMaxTracked() {
            return maxTracked;
        }

        public void setMaxTracked(int maxTracked) {
            this.maxTracked = maxTracked;
        }
    }

    /** How an OIDC sign-in (spring.security.oauth2.client.registration.*) becomes Opsplane roles. */
    public static class Oidc {
        /** The ID-token or user-info claim holding the user's groups or roles (a list or one string). */
        private String rolesClaim = "roles";

        /** Claim value → role, e.g. {@code opsplane-admins: ADMIN}; values named like a role map to it as well. */
        private Map<String, String> roleMapping = new LinkedHashMap<>();

        /** The role of a user whose claim maps to none; empty: such a user is refused. */
        private String defaultRole = "";

        public String getRolesClaim() {
            return rolesClaim;
        }

        public void setRolesClaim(String rolesClaim) {
            this.rolesClaim = rolesClaim;
        }

        public Map<String, String> getRoleMapping() {
            return roleMapping;
        }

        public void setRoleMapping(Map<String, String> roleMapping) {
            this.roleMapping = roleMapping;
        }

        public String getDefaultRole() {
            return defaultRole;
        }

        public void setDefaultRole(String defaultRole) {
            this.defaultRole = defaultRole;
        }
    }
}
