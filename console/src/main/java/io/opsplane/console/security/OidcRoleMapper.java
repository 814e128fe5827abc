package io.opsplane.console.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * Turns the roles claim of an OIDC sign-in into Opsplane roles: through
 * {@code opsplane.security.oidc.role-mapping}, or directly when a value is a role's name. A user
 * whose claim maps to nothing gets the default role or, without one, is refused at sign-in (the login
 * page says so) rather than signed in to a console that would refuse every page.
 */
final class OidcRoleMapper implements GrantedAuthoritiesMapper {

    private final SecurityProperties.Oidc settings;

    OidcRoleMapper(SecurityProperties.Oidc settings) {
        this.settings = settings;
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new LinkedHashSet<>();
        for (GrantedAuthority authority : authorities) {
            Map<String, Object> claims = switch (authority) {
                case OidcUserAuthority oidc -> oidc.getAttributes();
                case OAuth2UserAuthority oauth2 -> oauth2.getAttributes();
                default -> Map.of();
            };
            for (String value : values(claims.get(settings.rolesClaim()))) {
                Role role = roleOf(value);
                if (role != null) {
                    mapped.addAll(role.grantedAuthorities());
                }
            }
        }
        if (mapped.isEmpty() && !settings.defaultRole().isBlank()) {
            mapped.addAll(Role.parse(settings.defaultRole()).grantedAuthorities());
        }
        if (mapped.isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied"),
                    "the '" + settings.rolesClaim() + "' claim names no Opsplane role");
        }
        return mapped;
    }

    /** A person's role only: INGEST, TRACE_READER and METRICS_READER belong to API keys, never to someone signing in. */
    private Role roleOf(String claimValue) {
        String target = settings.roleMapping().get(claimValue);
        Role role;
        if (target != null) {
            role = Role.parse(target);
        } else {
            try {
                role = Role.parse(claimValue);
            } catch (IllegalArgumentException notARole) {
                return null;
            }
        }
        return role.person() ? role : null;
    }

    private static List<String> values(Object claim) {
        return switch (claim) {
            case null -> List.of();
            case Collection<?> many -> many.stream().map(String::valueOf).toList();
            case String one -> List.of(one.split("[,\\s]+"));
            default -> List.of(String.valueOf(claim));
        };
    }
}
