package io.opsplane.console.telemetry.trace.jaeger;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A service name may hold a '/', which Jaeger UI sends encoded ({@code /api/services/a%2Fb/operations}). Tomcat
 * refuses an encoded slash by default; passed through, it stays encoded in the path (never a separator, so it
 * reaches no other resource) and Spring decodes it in the path variable alone. The security firewall lets it in on
 * that one path only.
 */
@Configuration
class EncodedSlashes {

    @Bean
    TomcatConnectorCustomizer encodedSlashesPassThrough() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }
}
