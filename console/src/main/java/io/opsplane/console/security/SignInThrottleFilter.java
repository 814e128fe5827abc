package io.opsplane.console.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in with 429 and {@code Retry-After} while its user or address is locked out
 * ({@link SignInThrottle}), before any password is checked. On the machine chain a sign-in is any
 * request with credentials (HTTP Basic or a bearer key); on the console's, the login form's POST.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;
    /** The login form's POST; null on the machine chain. */
    private final RequestMatcher loginForm;

    private SignInThrottleFilter(SignInThrottle throttle, RequestMatcher loginForm) {
        this.throttle = throttle;
        this.loginForm = loginForm;
    }

    static SignInThrottleFilter forCredentials(SignInThrottle throttle) {
        return new SignInThrottleFilter(throttle, null);
    }

    static SignInThrottleFilter forLoginForm(SignInThrottle throttle, RequestMatcher loginForm) {
        return new SignInThrottleFilter(throttle, loginForm);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user;
        if (loginForm != null) {
            if (!loginForm.matches(request)) {
                chain.doFilter(request, response);
                return;
            }
            user = request.getParameter("username");
        } else {
            String authorization = request.getHeader("Authorization");
            if (authorization == null) {
                chain.doFilter(request, response);
                return;
            }
            user = basicUser(authorization);
        }
        Duration wait = throttle.retryAfter(user, request.getRemoteAddr());
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        response.setHeader("Retry-After", Long.toString(seconds));
        String detail = "too many failed sign-ins; try again in " + seconds + " seconds";
        if (loginForm == null) {
            ProblemResponses.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", detail);
        } else {
            // a person at the login form: a page, not JSON; nothing of the request is echoed
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setContentType("text/html;charset=UTF-8");
            response.getOutputStream().write(("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>Too many sign-ins · Opsplane</title></head><body><h1>Too many failed sign-ins</h1>"
                    + "<p>Try again in " + seconds + " seconds.</p><p><a href=\"login\">Back to sign-in</a></p>"
                    + "</body></html>").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The user name of HTTP Basic credentials; null for a bearer key or anything undecodable. */
    private static String basicUser(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : pair.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
