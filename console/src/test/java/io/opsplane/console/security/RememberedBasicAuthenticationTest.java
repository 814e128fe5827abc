package io.opsplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A right password is checked against its bcrypt hash once per few minutes, a wrong one every time, and only a real
 * check reaches the sign-in throttle.
 */
class RememberedBasicAuthenticationTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger successesPublished = new AtomicInteger();
    private final AtomicInteger failuresPublished = new AtomicInteger();
    private final MutableClock clock = new MutableClock();
    private final RememberedBasicAuthentication authentication = new RememberedBasicAuthentication(counting(), clock);

    @Test
    void aRightPasswordIsCheckedAgainOnlyAfterSomeMinutes() {
        Authentication first = authentication.authenticate(basic("grafana", "right"));
        assertThat(first.isAuthenticated()).isTrue();
        assertThat(first.getAuthorities()).extracting(org.springframework.security.core.GrantedAuthority::getAuthority).contains("ROLE_VIEWER");
        authentication.authenticate(basic("grafana", "right"));
        assertThat(checks).hasValue(1);

        clock.now = clock.now.plus(RememberedBasicAuthentication.REMEMBERED_FOR).plusSeconds(1);
        authentication.authenticate(basic("grafana", "right"));
        assertThat(checks).hasValue(2);
    }

    @Test
    void aWrongPasswordIsNeverRemembered() {
        authentication.authenticate(basic("grafana", "right"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> authentication.authenticate(basic("grafana", "wrong")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(checks).hasValue(4);
    }

    /** A client polling with a remembered pair must not forgive, on every request, the guesses made at its account. */
    @Test
    void onlyARealCheckIsPublishedAsASignIn() {
        for (int i = 0; i < 5; i++) {
            authentication.authenticate(basic("grafana", "right"));
        }
        assertThatThrownBy(() -> authentication.authenticate(basic("grafana", "wrong")))
                .isInstanceOf(BadCredentialsException.class);
        authentication.authenticate(basic("grafana", "right"));
        assertThat(successesPublished).hasValue(1);
        assertThat(failuresPublished).hasValue(1);

        clock.now = clock.now.plus(RememberedBasicAuthentication.REMEMBERED_FOR).plusSeconds(1);
        authentication.authenticate(basic("grafana", "right"));
        assertThat(successesPublished).hasValue(2);
    }

    /** As the console wires it: a provider manager that publishes each check's outcome, counting its checks. */
    private AuthenticationManager counting() {
        DaoAuthenticationProvider checker = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                User.withUsername("grafana").password("{bcrypt}" + new BCryptPasswordEncoder(4).encode("right"))
                        .authorities(Role.VIEWER.grantedAuthorities()).build()));
        checker.setPasswordEncoder(new SecurityConfiguration().passwordEncoder());
        ProviderManager manager = new ProviderManager(checker);
        manager.setAuthenticationEventPublisher(new AuthenticationEventPublisher() {
            @Override
            public void publishAuthenticationSuccess(Authentication authentication) {
                successesPublished.incrementAndGet();
            }

            @Override
            public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
                failuresPublished.incrementAndGet();
            }
        });
        return request -> {
            checks.incrementAndGet();
            return manager.authenticate(request);
        };
    }

    private static UsernamePasswordAuthenticationToken basic(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
