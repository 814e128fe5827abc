package io.opsplane.console.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in a machine by the key in {@code Authorization: Bearer <key>}. A wrong key is answered 401
 * at once (and counts as a failed sign-in of its address); a request without a bearer key passes on
 * to HTTP Basic.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final SignInThrottle throttle;
    private final AuthenticationEntryPoint entryPoint;
    /** The strategy the chain's other filters use (Vaadin installs its own), or the signed-in key is not seen. */
    private final SecurityContextHolderStrategy contexts;

    ApiKeyAuthenticationFilter(ApiKeys keys, SignInThrottle throttle, AuthenticationEntryPoint entryPoint,
                               SecurityContextHolderStrategy contexts) {
        this.keys = keys;
        this.throttle = throttle;
        this.entryPoint = entryPoint;
        this.contexts = contexts;
    }

    static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (!isBearer(authorization)) {
            chain.doFilter(request, response);
            return;
        }
        Authentication signedIn = keys.authenticate(authorization.substring(BEARER.length()).trim());
        if (signedIn == null) {
            throttle.failed(null, request.getRemoteAddr());
            contexts.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("the API key is wrong"));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(signedIn);
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
