package io.opsplane.console.security;

import java.util.List;
import java.util.Locale;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a signed-in person may do. Each role includes the ones below it, and a user is granted the
 * authorities of all of them, so every check (URL rules, view annotations, masking) is a plain
 * "has role" without a hierarchy to consult.
 */
public enum Role {
    /** Reads sagas, traces and logs; sees payloads with the configured fields masked. */
    VIEWER,
    /** Also acts on sagas (the REST API's writes) and sees payloads in full. */
    OPERATOR,
    /** Also changes configuration. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    /** The authorities this role grants: its own and those of every role below it. */
    public List<GrantedAuthority> grantedAuthorities() {
        return java.util.Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal())
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
            throw new IllegalArgumentException("'" + text + "' is not a role; expected one of VIEWER, OPERATOR, ADMIN");
        }
    }
}
