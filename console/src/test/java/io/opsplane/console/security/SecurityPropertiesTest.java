package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What an operator gets from {@code opsplane.security.*} when they set little or nothing. */
class SecurityPropertiesTest {

    @Test
    void unsetSettingsTakeTheDocumentedDefaults() {
        SecurityProperties defaults = SecurityPropertiesBinding.bind(Map.of());

        assertThat(defaults.users()).isEmpty();
        assertThat(defaults.apiKeys()).isEmpty();
        assertThat(defaults.maskedFields()).containsExactly("cardNumber", "phone", "address", "email");
        assertThat(defaults.maskedValues()).containsExactly("card-numbers", "email-addresses");
        assertThat(defaults.signInThrottle().failuresPerUser()).isEqualTo(5);
        assertThat(defaults.signInThrottle().maxLockout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.oidc().rolesClaim()).isEqualTo("roles");
        assertThat(defaults.oidc().defaultRole()).isEmpty();
    }

    @Test
    void aUserConfiguredWithoutRolesIsAViewer() {
        SecurityProperties configured = SecurityPropertiesBinding.bind(Map.of(
                "users[0].name", "alice", "users[0].password", "{noop}x",
                "users[1].name", "bob", "users[1].password", "{noop}y", "users[1].roles", "OPERATOR"));

        assertThat(configured.users()).extracting(SecurityProperties.User::roles)
                .containsExactly(List.of("VIEWER"), List.of("OPERATOR"));
    }
}
