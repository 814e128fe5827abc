package io.opsplane.console.security;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Feeds {@link SignInThrottle} with the outcome of every password check, the login form's and HTTP
 * Basic's alike: both go through an authentication manager that publishes its results here. (Bearer
 * keys are counted by {@link ApiKeyAuthenticationFilter} itself.)
 */
@Configuration(proxyBeanMethods = false)
class SignInThrottleConfiguration {

    @Bean
    SignInThrottle signInThrottle(SecurityProperties properties) {
        return new SignInThrottle(properties.signInThrottle(), Clock.systemUTC());
    }

    /** Declared here so that every authentication manager, the global one included, publishes outcomes. */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
        return new DefaultAuthenticationEventPublisher(events);
    }

    @Bean
    Listener signInOutcomes(SignInThrottle throttle) {
        return new Listener(throttle);
    }

    static final class Listener {
        private final SignInThrottle throttle;

        Listener(SignInThrottle throttle) {
            this.throttle = throttle;
        }

        /** A wrong password or an unknown user (which Spring Security reports alike). */
        @EventListener
        void failed(AuthenticationFailureBadCredentialsEvent event) {
            Object details = event.getAuthentication().getDetails();
            throttle.failed(event.getAuthentication().getName(),
                    details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null);
        }

        @EventListener
        void succeeded(AuthenticationSuccessEvent event) {
            throttle.succeeded(event.getAuthentication().getName());
        }
    }
}
