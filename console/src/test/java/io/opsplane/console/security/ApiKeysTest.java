package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** API keys as an operator configures them: by their hash only, with roles that stand alone. */
class ApiKeysTest {

    private static SecurityProperties.ApiKey key(String name, String hash, String... roles) {
        return new SecurityProperties.ApiKey(name, hash, List.of(roles));
    }

    @Test
    void aPlainKeyInTheConfigurationIsRefusedWithHowToHashIt() {
        assertThatThrownBy(() -> ApiKeys.of(List.of(key("agents", "k3y-in-pla1n-text-0123456789abcdef", "INGEST"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key-hash of 'agents' must be {sha256}")
                .hasMessageContaining("sha256sum");
        assertThatThrownBy(() -> ApiKeys.of(List.of(key("agents", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv", "INGEST"))))
                .hasMessageContaining("{sha256}");
        assertThatThrownBy(() -> ApiKeys.of(List.of(key("agents", ApiKeys.hash("k")))))
                .hasMessageContaining("has no roles");
    }

    @Test
    void theKeyItselfSignsInAndItsHashDoesNot() {
        ApiKeys keys = ApiKeys.of(List.of(key("agents", ApiKeys.hash("the-ingest-key"), "INGEST"),
                key("grafana", ApiKeys.hash("the-reader-key"), "trace_reader")));
        Authentication agents = keys.authenticate("the-ingest-key");
        assertThat(agents.getName()).isEqualTo("agents");
        assertThat(agents.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_INGEST");
        assertThat(keys.authenticate("the-reader-key").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_TRACE_READER");
        assertThat(keys.authenticate(ApiKeys.hash("the-ingest-key"))).isNull();
        assertThat(keys.authenticate("the-ingest-ke")).isNull();
    }

    @Test
    void machineRolesIncludeNothingAndNoPersonsRoleIncludesThem() {
        assertThat(Role.ADMIN.grantedAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_VIEWER", "ROLE_OPERATOR", "ROLE_ADMIN");
        assertThat(Role.INGEST.grantedAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_INGEST");
        assertThat(Role.TRACE_READER.grantedAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_TRACE_READER");
    }
}
