package io.opsplane.console.web;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paths under the machine-facing prefixes that no endpoint serves. Without this they fell through to
 * the console's catch-all and answered 200 with its HTML (an exporter posting to an unknown path thought
 * it had succeeded). The most specific mapping wins, so every real endpoint still takes its own path.
 * {@code /v1/*} is thrown as its own exception so the OTLP receiver can answer in its own format.
 */
@Hidden
@RestController
class UnknownPaths {

    /** An unknown path under {@code /v1}: the OTLP receiver's error format may answer it. */
    public static final class UnknownOtlpPath extends NotFoundException {
        UnknownOtlpPath(String message) {
            super(message);
        }
    }

    @RequestMapping({"/api/**", "/jaeger/**", "/actuator/**"})
    void unknown(HttpServletRequest request) {
        throw new NotFoundException("nothing is served at " + request.getRequestURI());
    }

    @RequestMapping("/v1/**")
    void unknownOtlp(HttpServletRequest request) {
        throw new UnknownOtlpPath("nothing is served at " + request.getRequestURI()
                + "; OTLP/HTTP takes POST /v1/traces and /v1/logs");
    }
}
