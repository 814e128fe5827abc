package io.opsplane.console.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * {@code @PreAuthorize} on the methods that act on sagas, as a second line behind the URL rules: an action
 * reached from the console (no URL rule in the way) or from a new endpoint still needs its role.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class MethodSecurityConfiguration {
}
