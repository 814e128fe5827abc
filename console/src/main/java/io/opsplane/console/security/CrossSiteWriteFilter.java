package io.opsplane.console.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps other sites' pages from writing through a browser that holds credentials for the API. A
 * browser sends a form or a "simple" fetch to another origin without asking first, with whatever
 * credentials it has for it; such a request can only be a POST with a form or text/plain body. So a
 * write (any method but GET, HEAD, OPTIONS) is refused when
 * <ul>
 * <li>the browser says it comes from another site ({@code Sec-Fetch-Site: cross-site} or
 * {@code same-site}) or its {@code Origin} is not this console's: 403;</li>
 * <li>its body is not JSON or YAML (a browser needs permission to send those across sites): 415;</li>
 * <li>it is a POST without a body type and without the {@code X-Requested-By} header (which a
 * browser sends across sites only with permission, which is never given): 415.</li>
 * </ul>
 * Under {@code /v1} and on Zipkin's and Jaeger's collector endpoints only the first rule applies: the receivers
 * take protobuf, JSON or Thrift and answer anything else themselves, in their own error formats.
 */
final class CrossSiteWriteFilter extends OncePerRequestFilter {

    static final String REQUESTED_BY = "X-Requested-By";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /** A write refused for where it came from or what it carries; {@link ProblemResponses} answers it. */
    static final class Refused extends AccessDeniedException {
        private final HttpStatus status;

        Refused(HttpStatus status, String detail) {
            super(detail);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String what = request.getMethod() + " " + request.getRequestURI();
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(fetchSite) || "same-site".equalsIgnoreCase(fetchSite)) {
            throw new Refused(HttpStatus.FORBIDDEN, what + " was sent by another site's page (Sec-Fetch-Site: "
                    + fetchSite.toLowerCase(Locale.ROOT) + "); the API takes writes from this console's own pages,"
                    + " scripts and tools only");
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            throw new Refused(HttpStatus.FORBIDDEN, what + " was sent by another origin's page; the API takes"
                    + " writes from this console's own pages, scripts and tools only");
        }
        if (request.getRequestURI().startsWith(request.getContextPath() + "/v1/")
                || NetworkIngestFilter.INGEST_PATHS.contains(request.getRequestURI().substring(
                        request.getContextPath().length()))) {
            chain.doFilter(request, response);
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null) {
            MediaType type;
            try {
                type = MediaType.parseMediaType(contentType);
            } catch (InvalidMediaTypeException e) {
                throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, what + " has a Content-Type that cannot be read");
            }
            if (!jsonOrYaml(type)) {
                throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, what + " needs a JSON or YAML body (Content-Type"
                        + " application/json or application/yaml), not " + type.getType() + "/" + type.getSubtype());
            }
        } else if ("POST".equals(request.getMethod()) && request.getHeader(REQUESTED_BY) == null) {
            throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, what + " needs Content-Type: application/json"
                    + " (or application/yaml), or the header " + REQUESTED_BY + ", so that no other site's page can"
                    + " send it");
        }
        chain.doFilter(request, response);
    }

    static boolean jsonOrYaml(MediaType type) {
        if (!"application".equalsIgnoreCase(type.getType())) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json") || subtype.equals("yaml")
                || subtype.equals("x-yaml");
    }

    /**
     * Whether {@code origin} is this console: its host and port are those the browser addressed (the
     * Host header), or those the request resolved to (which honour forwarded headers behind a proxy).
     */
    static boolean sameOrigin(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false; // "null", sent by sandboxed frames and some redirects
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String authority = uri.getPort() == -1 ? host : host + ":" + port;
        String hostHeader = request.getHeader("Host");
        if (hostHeader != null && authority.equals(hostHeader.trim().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return scheme.equalsIgnoreCase(request.getScheme()) && host.equalsIgnoreCase(request.getServerName())
                && port == request.getServerPort();
    }
}
