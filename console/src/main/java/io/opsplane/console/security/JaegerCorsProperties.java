package io.opsplane.console.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code opsplane.jaeger.cors.*}: which other sites' pages (a Jaeger UI served elsewhere) may read the Jaeger API. */
@ConfigurationProperties("opsplane.jaeger.cors")
public record JaegerCorsProperties(
        /*
         * Origins (scheme://host[:port], or patterns such as https://*.example.com) whose pages may call /jaeger/api
         * from a browser, such as a Jaeger UI served on its own. None by default: only same-origin pages.
         */
        @DefaultValue List<String> allowedOrigins) {
}
