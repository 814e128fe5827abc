package io.opsplane.console.telemetry.otlp;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * The global budget of request bytes the OTLP receiver holds in memory. A request is admitted only if what it
 * claims to send still fits, and then takes its bytes from the budget as they arrive, never before: memory
 * follows what was received, not what a client says it will send. Every reservation is given back when the
 * request ends, whatever the outcome.
 */
@Component
class OtlpAdmission {

    private final long budget;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    OtlpAdmission(OtlpProperties properties) {
        this.budget = properties.inFlightBytes().toBytes();
    }

    long budget() {
        return budget;
    }

    /** Whether {@code bytes} more would still fit; a check before reading, not a reservation. */
    boolean fits(long bytes) {
        return inFlight.get() + bytes <= budget;
    }

    /** Takes {@code bytes} from the budget, or nothing if they do not fit. */
    boolean reserve(long bytes) {
        while (true) {
            long current = inFlight.get();
            long next = current + bytes;
            if (next > budget) {
                return false;
            }
            if (inFlight.compareAndSet(current, next)) {
                peak.accumulateAndGet(next, Math::max);
                return true;
            }
        }
    }

    void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    /** The bytes held right now by requests being read or exported. */
    long inFlightBytes() {
        return inFlight.get();
    }

    /** The most ever held at once: never more than {@link #budget()}. */
    long peakInFlightBytes() {
        return peak.get();
    }

    /**
     * Slow bodies. Tomcat reads a request body with its connection timeout unless told otherwise; with
     * {@code disableUploadTimeout=false} it switches to {@code connectionUploadTimeout} once the headers are read,
     * so a body that goes quiet for {@code opsplane.otlp.read-timeout} fails its read (the receiver answers 408 and
     * gives back its bytes) instead of holding a thread for a minute. Spring Boot 4.1 has no property for it, so it
     * is set on the connector here. The servlet API has no per-request read timeout; a body that trickles just fast
     * enough is cut off by the receiver's own {@code body-timeout} between reads.
     */
    @Configuration
    static class SlowBodies {

        @Bean
        TomcatConnectorCustomizer otlpBodyReadTimeout(OtlpProperties properties) {
            return connector -> {
                if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                    http.setDisableUploadTimeout(false);
                    http.setConnectionUploadTimeout((int) Math.min(Integer.MAX_VALUE, properties.readTimeout().toMillis()));
                }
            };
        }
    }
}
