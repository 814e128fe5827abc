package io.opsplane.console.security;

import java.io.IOException;
import java.util.Arrays;

import io.opsplane.console.web.OtlpStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.util.AntPathMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 for the REST API as RFC 9457 problem details: scripts and Grafana get an answer they can
 * read instead of a redirect to a login page; OTel exporters ({@code /v1/*}) get a {@code google.rpc.Status}
 * in their request's encoding, as OTLP/HTTP requires.
 *
 * <p>A 401 never carries a Basic challenge: a browser answers one with its password dialog and then
 * sends the credentials with every request to this origin, other sites' forms included. Scripts,
 * Grafana and exporters send their credentials up front and need no challenge.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"Opsplane\"");
        String authorization = request.getHeader("Authorization");
        write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", authorization == null
                ? "sign in with HTTP Basic authentication (an Opsplane user name and password, sent up front)"
                        + " or an API key (Authorization: Bearer <key>)"
                : ApiKeyAuthenticationFilter.isBearer(authorization) ? "the API key is wrong"
                : "the user name or password is wrong");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof CrossSiteWriteFilter.Refused refused) {
            write(request, response, refused.status(), refused.status().getReasonPhrase(), refused.getMessage());
            return;
        }
        write(request, response, HttpStatus.FORBIDDEN, "Forbidden", request.getMethod() + " " + request.getRequestURI()
                + " needs a role this user does not have (" + requiredRole(request) + ")");
    }

    /** The rule of {@link SecurityConfiguration#apiChain}, told to the caller. */
    static String requiredRole(HttpServletRequest request) {
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/admin/")) {
            return "ADMIN";
        }
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/v1/")) {
            return "INGEST";
        }
        if (read && path.startsWith("/jaeger/")) {
            return "VIEWER or TRACE_READER";
        }
        if ("GET".equals(request.getMethod()) && path.equals("/actuator/prometheus")) {
            return "VIEWER or METRICS_READER";
        }
        if (!read && Arrays.stream(SecurityConfiguration.ADMIN_WRITE_PATHS)
                .anyMatch(pattern -> PATHS.match(pattern, path))) {
            return "ADMIN";
        }
        return read ? "VIEWER" : "OPERATOR";
    }

    /** As {@link #write(HttpServletResponse, HttpStatus, String, String)}, but OTLP exporters get a google.rpc.Status. */
    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
                      String detail) throws IOException {
        if (OtlpStatus.isOtlp(request)) {
            OtlpStatus.write(request, response, status, detail);
            return;
        }
        write(response, status, title, detail);
    }

    static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
