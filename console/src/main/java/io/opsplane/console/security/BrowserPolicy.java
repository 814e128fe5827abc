package io.opsplane.console.security;

import java.security.SecureRandom;
import java.util.Base64;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.stereotype.Component;

/**
 * What the console's pages let a browser run. Telemetry, events and payloads are written by whoever can reach
 * a service; should a name ever reach the page as markup, the Content-Security-Policy keeps it from running:
 * scripts only from the console itself, and inline scripts only when they carry this response's nonce (the
 * bootstrap scripts Vaadin writes into its page get it here, an injected one cannot know it).
 *
 * <p>{@code 'unsafe-eval'} stays: Vaadin's client builds functions from the expressions the server sends
 * ({@code executeJs}, event data), which only the console's own code writes.
 */
@Component
class BrowserPolicy implements VaadinServiceInitListener, HeaderWriter {

    private static final String NONCE = BrowserPolicy.class.getName() + ".nonce";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The policy of every console response, for the nonce of its request. */
    static String contentSecurityPolicy(String nonce) {
        return "default-src 'self'; "
                + "script-src 'self' 'nonce-" + nonce + "' 'unsafe-eval'; "
                // Vaadin's components set style attributes and shadow-DOM styles at run time
                + "style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; font-src 'self' data:; "
                // server push: same-origin WebSocket or long polling
                + "connect-src 'self'; "
                + "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    }

    /** The request's nonce, made on first use: the header and the page's script tags must agree. */
    static String nonce(HttpServletRequest request) {
        Object nonce = request.getAttribute(NONCE);
        if (nonce == null) {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            nonce = Base64.getEncoder().encodeToString(bytes);
            request.setAttribute(NONCE, nonce);
        }
        return (String) nonce;
    }

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        if (!response.containsHeader("Content-Security-Policy")) {
            response.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce(request)));
        }
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.addIndexHtmlRequestListener(page -> {
            if (page.getVaadinRequest() instanceof VaadinServletRequest request) {
                String nonce = nonce(request.getHttpServletRequest());
                page.getDocument().getElementsByTag("script").attr("nonce", nonce);
                // the page is written by Vaadin, not through Spring Security's header writers: every browser header
                // of a console page is set here, so none depends on which chain served it
                var response = page.getVaadinResponse();
                response.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("X-Frame-Options", "DENY");
                response.setHeader("Referrer-Policy", "same-origin");
                response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
            }
        });
    }
}
