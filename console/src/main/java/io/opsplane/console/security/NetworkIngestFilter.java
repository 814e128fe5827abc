package io.opsplane.console.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a sender that cannot authenticate (a Zipkin reporter, a legacy Jaeger client) send telemetry from a network
 * named in {@code opsplane.security.ingest-networks}: a POST to an ingest endpoint without an Authorization header,
 * from such an address, is signed in as INGEST and nothing more. Anything carrying credentials is left to the
 * other filters, so a wrong key is still refused.
 */
final class NetworkIngestFilter extends OncePerRequestFilter {

    /** Where telemetry is posted: OTLP, Zipkin's and Jaeger's collector endpoints. */
    static final List<String> INGEST_PATHS = List.of("/v1/traces", "/v1/logs", "/v1/metrics", "/api/v2/spans",
            "/api/traces");

    private final List<IpAddressMatcher> networks;
    private final SecurityContextHolderStrategy contexts;

    NetworkIngestFilter(List<String> networks, SecurityContextHolderStrategy contexts) {
        this.networks = networks.stream().map(network -> {
            try {
                return new IpAddressMatcher(network.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("opsplane.security.ingest-networks: '" + network
                        + "' is not an address or CIDR network (e.g. 10.0.0.0/8)", e);
            }
        }).toList();
        this.contexts = contexts;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return networks.isEmpty() || !HttpMethod.POST.matches(request.getMethod())
                || !INGEST_PATHS.contains(request.getRequestURI()) || request.getHeader("Authorization") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        if (networks.stream().anyMatch(network -> network.matches(address))) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("ingest from " + address, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + Role.INGEST.name()))));
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
