package io.opsplane.console.security;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may do what. Two filter chains: the machine-facing one (REST API, OpenAPI, Jaeger query API,
 * OTLP receiver, actuator) takes HTTP Basic and bearer API keys, refuses cross-site writes
 * ({@link CrossSiteWriteFilter}) and answers 401/403 as problem details; everything else
 * is the Vaadin console with its login view (and OIDC when a client registration is configured).
 * Only the health endpoint answers without authentication.
 */
@Configuration
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The paths machines call; kept in one place so the two chains cannot overlap by mistake. */
    static final String[] MACHINE_PATHS = {"/api/**", "/v3/api-docs", "/v3/api-docs/**", "/jaeger/**", "/v1/**",
            "/actuator/**"};
    /** Configuration that anyone may read but only an ADMIN may change (writes of any method but GET/HEAD). */
    static final String[] ADMIN_WRITE_PATHS = {"/api/alert-rules", "/api/alert-rules/**", "/api/receivers/*/language"};

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, UserDetailsService users, PasswordEncoder passwords,
                                 SecurityProperties properties, SignInThrottle throttle,
                                 AuthenticationEventPublisher outcomes, JaegerCorsProperties jaegerCors,
                                 ObjectProvider<SecurityContextHolderStrategy> contexts) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        DaoAuthenticationProvider checker = new DaoAuthenticationProvider(users);
        checker.setPasswordEncoder(passwords);
        ProviderManager passwordCheck = new ProviderManager(checker);
        passwordCheck.setAuthenticationEventPublisher(outcomes);
        http.securityMatcher(MACHINE_PATHS)
                .authenticationManager(new RememberedBasicAuthentication(passwordCheck, Clock.systemUTC()))
                // a Jaeger UI on another site: its preflight carries no credentials, so it is answered before sign-in
                .cors(cors -> cors.configurationSource(jaegerCors(jaegerCors)))
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        // telemetry comes from exporters with an INGEST key, and from nobody else
                        .requestMatchers("/v1/**").hasRole(Role.INGEST.name())
                        // Zipkin's and Jaeger's own collector endpoints, for senders that cannot speak OTLP
                        .requestMatchers(HttpMethod.POST, "/api/v2/spans", "/api/traces").hasRole(Role.INGEST.name())
                        .requestMatchers(HttpMethod.GET, "/jaeger/**").hasAnyRole(Role.VIEWER.name(), Role.TRACE_READER.name())
                        .requestMatchers(HttpMethod.HEAD, "/jaeger/**").hasAnyRole(Role.VIEWER.name(), Role.TRACE_READER.name())
                        // Prometheus scrapes with a METRICS_READER key; people see the same figures in the console
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAnyRole(Role.VIEWER.name(), Role.METRICS_READER.name())
                        .requestMatchers(HttpMethod.GET).hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.HEAD).hasRole(Role.VIEWER.name())
                        .requestMatchers(ADMIN_WRITE_PATHS).hasRole(Role.ADMIN.name())
                        // any other write acts on the system
                        .anyRequest().hasRole(Role.OPERATOR.name()))
                .addFilterBefore(SignInThrottleFilter.forCredentials(throttle), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys(properties), throttle, problems,
                                contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new NetworkIngestFilter(properties.ingestNetworks(),
                                contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)),
                        BasicAuthenticationFilter.class)
                .addFilterAfter(new CrossSiteWriteFilter(), AuthorizationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // sign-out is the console's (POST /logout); no machine path has a session to end
                .logout(logout -> logout.disable())
                // answers are data, never pages: not sniffed as HTML, not kept by caches, nothing in them runs
                .headers(headers -> headers.contentTypeOptions(Customizer.withDefaults())
                        .cacheControl(Customizer.withDefaults())
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                // no cookies on this chain, so no cross-site request can carry credentials
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** CORS for the Jaeger API alone, for the configured origins; none configured, none allowed. */
    static CorsConfigurationSource jaegerCors(JaegerCorsProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOriginPatterns(properties.allowedOrigins());
            cors.setAllowedMethods(List.of("GET", "HEAD"));
            // "*" answers with the headers asked for, Authorization included
            cors.setAllowedHeaders(List.of("*"));
            cors.setMaxAge(Duration.ofMinutes(30));
            source.registerCorsConfiguration("/jaeger/api/**", cors);
            log.info("Jaeger API readable from the pages of: {}", properties.allowedOrigins());
        }
        return source;
    }

    /**
     * Service names with an encoded '/' or '%' reach the Jaeger API; every other path keeps the strict firewall. A
     * refused path is answered 400 here: sent as an error, its error page would be the console's sign-in redirect.
     */
    @Bean
    WebSecurityCustomizer jaegerServiceNames() {
        return web -> web.httpFirewall(new JaegerApiFirewall()).requestRejectedHandler((request, response, e) ->
                ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "Bad request",
                        "the request's path is refused: " + e.getMessage()));
    }

    private static ApiKeys apiKeys(SecurityProperties properties) {
        ApiKeys keys = ApiKeys.of(properties.apiKeys());
        if (!properties.apiKeys().isEmpty()) {
            log.info("API keys: {}", properties.apiKeys().stream().map(k -> k.name() + " " + k.roles()).toList());
        }
        return keys;
    }

    /**
     * Spring Security's own observations off: they wrap every filter of every request in a timer with tags built
     * per call, about a tenth of a Jaeger API request's CPU in a profile, and nothing reads them. Each request is
     * still timed as a whole ({@code http.server.requests}); sign-in failures are counted by the throttle.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties) {
        List<UserDetails> users = properties.users().stream().map(SecurityConfiguration::user).toList();
        if (users.isEmpty()) {
            log.warn("No users are configured (opsplane.security.users): only OIDC sign-in, if configured, can let anyone in");
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(SecurityProperties.User user) {
        if (user.name() == null || user.name().isBlank()) {
            throw new IllegalArgumentException("opsplane.security.users: a user has no name");
        }
        String hash = user.password();
        if (hash == null || !hash.matches("\\{(bcrypt|argon2|argon2@SpringSecurity_v5_8|pbkdf2|pbkdf2@SpringSecurity_v5_8|scrypt|scrypt@SpringSecurity_v5_8)}.+")) {
            throw new IllegalArgumentException("opsplane.security.users: the password of '" + user.name()
                    + "' must be a hash with its algorithm, such as {bcrypt}$2a$10$…, not plain text"
                    + " (make one with: htpasswd -bnBC 10 \"\" 'the password' | tr -d ':\\n')");
        }
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (String role : user.roles()) {
            authorities.addAll(Role.parse(role).grantedAuthorities());
        }
        return User.withUsername(user.name()).password(hash).authorities(authorities).build();
    }
}
