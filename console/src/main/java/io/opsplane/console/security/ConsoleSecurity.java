package io.opsplane.console.security;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * The console's filter chain, everything but which view signs people in: the UI names its login view and asks
 * for the chain ({@code ui.ConsoleSecurityChain}), so security never imports the UI.
 */
@Component
public class ConsoleSecurity {

    private final ObjectProvider<ClientRegistrationRepository> oidc;
    private final SecurityProperties properties;
    private final SignInThrottle throttle;
    private final RequestUtil vaadinRequests;
    private final BrowserPolicy browserPolicy;

    ConsoleSecurity(ObjectProvider<ClientRegistrationRepository> oidc, SecurityProperties properties,
                    SignInThrottle throttle, RequestUtil vaadinRequests, BrowserPolicy browserPolicy) {
        this.oidc = oidc;
        this.properties = properties;
        this.throttle = throttle;
        this.vaadinRequests = vaadinRequests;
        this.browserPolicy = browserPolicy;
    }

    /** The chain for every path the machine chain does not take, signing people in at {@code loginView}. */
    public SecurityFilterChain chain(HttpSecurity http, Class<? extends com.vaadin.flow.component.Component> loginView,
                                     String loginPath) throws Exception {
        // a Content-Security-Policy with a nonce per page (BrowserPolicy); pages hold data: never cached, sniffed,
        // framed, or named in another site's Referer
        http.headers(headers -> headers.addHeaderWriter(browserPolicy)
                .contentTypeOptions(Customizer.withDefaults())
                .cacheControl(Customizer.withDefaults())
                .frameOptions(frames -> frames.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        // the console's own stylesheet, icon and chart library: static, public, needed by the login page too;
        // Vaadin's configurer denies any path it does not know
        http.authorizeHttpRequests(rules -> rules.requestMatchers("/styles/**", "/webjars/**", "/favicon.ico")
                .permitAll());
        // Vaadin's own CSRF setup exempts the login page's path, POSTs included, so another site could sign a
        // browser in as the attacker: keep only its exemption for Vaadin's internal requests (which carry
        // Vaadin's own token), never for the login form, whose page carries Spring's token in a meta tag
        RequestMatcher loginForm = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/" + loginPath);
        http.csrf(csrf -> csrf.ignoringRequestMatchers(request ->
                vaadinRequests.isFrameworkInternalRequest(request) && !loginForm.matches(request)));
        http.addFilterBefore(SignInThrottleFilter.forLoginForm(throttle, loginForm), UsernamePasswordAuthenticationFilter.class);
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(loginView).enableCsrfConfiguration(false));
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(login -> login.loginPage(loginPath)
                    .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(new OidcRoleMapper(properties.oidc()))));
        }
        return http.build();
    }
}
