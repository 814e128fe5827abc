package io.opsplane.console.compensation;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code opsplane.compensation.*}: how operator actions send their commands, verify them and run in bulk. */
@ConfigurationProperties("opsplane.compensation")
public record CompensationProperties(
        /* The CloudEvents source of every command Opsplane sends. */
        @DefaultValue("/opsplane") String source,
        /* How long to wait for a command's outcome event when the definition names no timeout for the step. */
        @DefaultValue("5m") Duration defaultOutcomeTimeout,
        /* How often sent commands are checked for their outcome event or their deadline (once per interval across the cluster). */
        @DefaultValue("1s") Duration verifyInterval,
        /*
         * How commands carry their trace: tracecontext (W3C traceparent), b3 (one b3 header), b3multi (X-B3-*
         * headers), for services still traced by Brave or Spring Cloud Sleuth. Any combination.
         */
        @DefaultValue("tracecontext") List<String> propagation,
        @DefaultValue Relay relay,
        @DefaultValue Send send,
        @DefaultValue Http http,
        @DefaultValue Bulk bulk,
        @DefaultValue Policies policies) {

    public CompensationProperties {
        propagation = propagation == null ? List.of() : List.copyOf(propagation);
        for (String format : propagation) {
            if (!TraceHeaders.FORMATS.contains(format)) {
                throw new IllegalArgumentException("opsplane.compensation.propagation: '" + format
                        + "' is not one of " + TraceHeaders.FORMATS);
            }
        }
    }

    /** The outbox relay of this instance. */
    public record Relay(
            /* Off: this instance decides and writes commands to the outbox but leaves sending to other instances. */
            @DefaultValue("true") boolean enabled,
            /* How often an idle relay looks for due commands (a decision on this instance wakes it at once). */
            @DefaultValue("250ms") Duration interval,
            /* Commands claimed per pass. */
            @DefaultValue("200") int batchSize) {
    }

    /**
     * Retries of a command that could not be delivered (Kafka or HTTP): as long as it takes, since an operator's
     * confirmed action must not be lost to an outage; only a definitive refusal fails it.
     */
    public record Send(
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("1m") Duration maxBackoff) {
    }

    /** Commands POSTed to a service's URL. */
    public record Http(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration timeout,
            /* Sent as Authorization: Bearer … when set. */
            String bearerToken,
            /* A Spring SSL bundle (spring.ssl.bundle.*) for HTTPS with a client certificate (mTLS) or a private CA. */
            String sslBundle,
            /* URLs commands may go to (scheme, host, port and path prefix); empty allows any URL a definition names. */
            @DefaultValue List<String> allowedUrls) {

        public Http {
            allowedUrls = allowedUrls == null ? List.of() : List.copyOf(allowedUrls);
        }
    }

    /** Bulk jobs. */
    public record Bulk(
            /* Off: this instance drives no bulk job (others on the same database do). */
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10") int defaultCanarySize,
            @DefaultValue("20") int defaultRatePerSecond,
            @DefaultValue("1000") int maxRatePerSecond,
            /* Sagas a job may select at most. */
            @DefaultValue("100000") int maxSagas,
            @DefaultValue("100ms") Duration tick,
            /* A running job pauses itself once this share of its finished actions ended UNVERIFIED or FAILED. */
            @DefaultValue("0.2") double haltShare,
            /* ... judged once at least this many of its actions have finished. */
            @DefaultValue("5") int haltAfter,
            /*
             * Break-glass: one operator may go on with a job that waits for approval, with a second confirmation and
             * a reason, every receiver of operator actions told. For a team where nobody else can be reached at night.
             */
            @DefaultValue("false") boolean breakGlass) {
    }

    /** Automatic compensation policies. */
    public record Policies(
            /* How often the policies look for stuck sagas (once per interval across the cluster). */
            @DefaultValue("30s") Duration interval) {
    }
}
