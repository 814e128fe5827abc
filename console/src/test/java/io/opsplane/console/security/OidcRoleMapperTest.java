package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/** What an identity provider's groups claim becomes in Opsplane. */
class OidcRoleMapperTest {

    @Test
    void mappedGroupsAndRoleNamesBecomeRolesWithEveryRoleBelowThem() {
        SecurityProperties.Oidc settings = new SecurityProperties.Oidc("groups", Map.of("oncall-engineers", "OPERATOR"), "");

        assertThat(roles(settings, Map.of("groups", List.of("staff", "oncall-engineers"))))
                .containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_OPERATOR");
        assertThat(roles(settings, Map.of("groups", "admin"))).contains("ROLE_ADMIN");
    }

    @Test
    void aUserWhoseClaimMapsToNothingGetsTheDefaultRoleOrIsRefused() {
        SecurityProperties.Oidc settings = SecurityPropertiesBinding.bind(Map.of()).oidc();
        assertThatThrownBy(() -> roles(settings, Map.of("roles", List.of("staff"))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessage("the 'roles' claim names no Opsplane role");

        SecurityProperties.Oidc withDefault = SecurityPropertiesBinding.bind(Map.of("oidc.default-role", "viewer")).oidc();
        assertThat(roles(withDefault, Map.of("roles", List.of("staff")))).containsExactly("ROLE_VIEWER");
    }

    @Test
    void aClaimNamingAMachinesRoleGivesAPersonNothing() {
        SecurityProperties.Oidc settings = new SecurityProperties.Oidc("roles", Map.of("exporters", "INGEST"), "");
        assertThatThrownBy(() -> roles(settings, Map.of("roles", List.of("INGEST", "trace_reader", "exporters"))))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThat(roles(settings, Map.of("roles", List.of("INGEST", "viewer")))).containsExactly("ROLE_VIEWER");
    }

    private static Set<String> roles(SecurityProperties.Oidc settings, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("sub", "someone");
        OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), all);
        Collection<? extends GrantedAuthority> mapped = new OidcRoleMapper(settings)
                .mapAuthorities(List.of(new OidcUserAuthority(token)));
        return mapped.stream().map(GrantedAuthority::getAuthority).collect(java.util.stream.Collectors.toSet());
    }
}
