package io.opsplane.console.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, except that a Jaeger service name in a path
 * ({@code /jaeger/api/services/{service}/operations}) may carry an encoded {@code /} or {@code %}: Jaeger UI
 * encodes the name as a path segment, and a service may be called anything. Only there, and only those two.
 */
final class JaegerApiFirewall implements HttpFirewall {

    private static final String SERVICES = "/jaeger/api/services/";

    private final StrictHttpFirewall strict = new StrictHttpFirewall();
    private final StrictHttpFirewall serviceNames = new StrictHttpFirewall();

    JaegerApiFirewall() {
        serviceNames.setAllowUrlEncodedSlash(true);
        serviceNames.setAllowUrlEncodedPercent(true);
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
        String uri = request.getRequestURI();
        boolean serviceName = uri != null && uri.startsWith(request.getContextPath() + SERVICES)
                && uri.endsWith("/operations") && uri.indexOf('/', (request.getContextPath() + SERVICES).length())
                == uri.length() - "/operations".length();
        return (serviceName ? serviceNames : strict).getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
