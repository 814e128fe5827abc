package io.opsplane.console.web;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Tomcat serves requests from its own pool of platform threads ({@code server.tomcat.threads.*}), while the console's
 * other work stays on virtual threads ({@code spring.threads.virtual.enabled}). A request reads the search engine's
 * answers on its own thread; on a virtual thread each such read is handed to the JDK's poller and back, which cost the
 * Jaeger API's trace by id time on two cores ({@code docs/benchmarks.md}, "Platform request threads and a
 * blocking client").
 */
@Component
class PlatformRequestThreads implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        // given no executor, Tomcat starts its own pool; Spring Boot's virtual-thread customizer (order 1) gave it one
        factory.addProtocolHandlerCustomizers(handler -> handler.setExecutor(null));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
