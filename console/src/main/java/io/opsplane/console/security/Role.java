package io.opsplane.console.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a caller may do. The roles of people form a ladder: each includes the ones below it, and a
 * user is granted the authorities of all of them, so every check (URL rules, view annotations,
 * masking) is a plain "has role" without a hierarchy to consult. The roles of machines stand alone:
 * they include nothing and nothing includes them, so an exporter's key reads nothing and an admin's
 * password writes no telemetry.
 */
public enum Role {
    /** Reads sagas, traces and logs; sees payloads with the configured fields masked. */
    VIEWER(true),
    /** Also acts on sagas (the REST API's writes) and sees payloads in full. */
    OPERATOR(true),
    /** Also changes configuration. */
    ADMIN(true),
    /** A telemetry exporter (an OTel agent or Collector): may only send to {@code /v1/*}, and read nothing. */
    INGEST(false),
    /** A trace reader such as Grafana's Jaeger data source: may only read {@code /jaeger/**}, payload fields masked. */
    TRACE_READER(false),
    /**
     * A metrics scraper such as Prometheus: may only read {@code /actuator/prometheus}. Its own role rather than
     * TRACE_READER's, as Prometheus and Grafana scrape and query from different places with different keys; a key
     * that does both is given both roles.
     */
    METRICS_READER(false);

    private final boolean person;

    Role(boolean person) {
        this.person = person;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** Whether this is a rung of the people's ladder (VIEWER, OPERATOR, ADMIN) rather than a machine's role. */
    public boolean person() {
        return person;
    }

    /** The authorities this role grants: a person's role, its own and those of every role below it; a machine's, its own. */
    public List<GrantedAuthority> grantedAuthorities() {
        return Arrays.stream(values())
                .filter(r -> r == this || person && r.person && r.ordinal() <= ordinal())
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
    }

    /** VIEWER, viewer or ROLE_VIEWER; a clear error for anything else. */
    public static Role parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("ROLE_")) {
            name = name.substring(5);
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a role; expected one of "
                    + Arrays.stream(values()).map(Role::name).collect(Collectors.joining(", ")));
        }
    }
}
