package io.opsplane.console.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsplane.security.*}: the users who sign in with a password, the API keys machines use, the
 * OIDC role mapping, how failed sign-ins are throttled, and the payload fields a VIEWER sees masked.
 */
@ConfigurationProperties("opsplane.security")
public record SecurityProperties(
        /* Users signing in with a password; the password is a hash such as {bcrypt}$2a$10$…, never plain text. */
        @DefaultValue List<User> users,
        /*
         * Field names whose values a VIEWER sees masked, wherever they appear: payload fields at any depth,
         * span and log attributes, headers, business keys. Case, '_' and '-' are ignored; a dotted
         * attribute matches as a whole (enduser.phone).
         */
        @DefaultValue({"cardNumber", "phone", "address", "email"}) List<String> maskedFields,
        /*
         * Values a VIEWER sees masked by their shape, whatever field holds them: card-numbers (13–19 digits
         * passing the Luhn check; the last four stay), email-addresses.
         */
        @DefaultValue({"card-numbers", "email-addresses"}) List<String> maskedValues,
        /* More value shapes to mask, by name: a regular expression each (possessive quantifiers recommended). */
        @DefaultValue Map<String, String> maskedValuePatterns,
        /* Keys for machines (exporters, Grafana), sent as Authorization: Bearer <key>; stored as a SHA-256 hash. */
        @DefaultValue List<ApiKey> apiKeys,
        /*
         * Networks (CIDR, e.g. 127.0.0.1/32 or 10.0.0.0/8) whose senders may send telemetry without credentials, as
         * INGEST and nothing else: for Zipkin reporters and legacy Jaeger clients, which cannot send a key. The
         * address is the connection's own (behind a proxy, the proxy's). None by default.
         */
        @DefaultValue List<String> ingestNetworks,
        @DefaultValue SignInThrottle signInThrottle,
        @DefaultValue Oidc oidc) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        maskedFields = maskedFields == null ? List.of() : List.copyOf(maskedFields);
        maskedValues = maskedValues == null ? List.of() : List.copyOf(maskedValues);
        maskedValuePatterns = maskedValuePatterns == null ? Map.of() : Map.copyOf(maskedValuePatterns);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        ingestNetworks = ingestNetworks == null ? List.of() : List.copyOf(ingestNetworks);
    }

    /** A user signing in with a password. */
    public record User(String name, String password, @DefaultValue("VIEWER") List<String> roles) {

        public User {
            roles = roles == null ? List.of(Role.VIEWER.name()) : List.copyOf(roles);
        }
    }

    public record ApiKey(
            /* Who the key is, in logs and the audit trail (e.g. demo-agents, grafana). */
            String name,
            /* {sha256} and the hex SHA-256 of the key, never the key itself. */
            String keyHash,
            /* Usually INGEST (exporters), TRACE_READER (Grafana) or METRICS_READER (Prometheus); none by default, so a key grants only what is written. */
            @DefaultValue List<String> roles) {

        public ApiKey {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** Failed sign-ins (login form, HTTP Basic, API keys) allowed before a caller is refused for a while. */
    public record SignInThrottle(
            /* Failures per user name within the window before that user is locked out. */
            @DefaultValue("5") int failuresPerUser,
            /* Failures per client address within the window before that address is locked out. */
            @DefaultValue("20") int failuresPerAddress,
            @DefaultValue("1m") Duration window,
            /* The first lock-out; each further one in a row doubles, up to max-lockout. */
            @DefaultValue("1m") Duration lockout,
            @DefaultValue("15m") Duration maxLockout,
            /* User names and addresses remembered at most (each); the least recently seen are forgotten first. */
            @DefaultValue("10000") int maxTracked) {
    }

    /** How an OIDC sign-in (spring.security.oauth2.client.registration.*) becomes Opsplane roles. */
    public record Oidc(
            /* The ID-token or user-info claim holding the user's groups or roles (a list or one string). */
            @DefaultValue("roles") String rolesClaim,
            /* Claim value → role, e.g. opsplane-admins: ADMIN; values named like a role map to it as well. */
            @DefaultValue Map<String, String> roleMapping,
            /* The role of a user whose claim maps to none; empty: such a user is refused. */
            @DefaultValue("") String defaultRole) {

        public Oidc {
            roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
            defaultRole = defaultRole == null ? "" : defaultRole;
        }
    }
}
