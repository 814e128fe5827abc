package io.opsplane.console.compensation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code opsplane.compensation.*}: how operator actions send their commands, verify them and run in bulk. */
@ConfigurationProperties("opsplane.compensation")
public class CompensationProperties {

    /** The CloudEvents {@code source} of every command Opsplane sends. */
    private String source = "/opsplane";
    /** How long to wait for a command's outcome event when the definition names no timeout for the step. */
    private Duration defaultOutcomeTimeout = Duration.ofMinutes(5);
    /** How often sent commands are checked for their outcome event or their deadline (once per interval across the cluster). */
    private Duration verifyInterval = Duration.ofSeconds(1);
    private final Relay relay = new Relay();
    private final Send send = new Send();
    private final Http http = new Http();
    private final Bulk bulk = new Bulk();
    private final Policies policies = new Policies();

    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public Duration getDefaultOutcomeTimeout() { return defaultOutcomeTimeout; }
    public void setDefaultOutcomeTimeout(Duration defaultOutcomeTimeout) { this.defaultOutcomeTimeout = defaultOutcomeTimeout; }
    public Duration getVerifyInterval() { return verifyInterval; }
    public void setVerifyInterval(Duration verifyInterval) { this.verifyInterval = verifyInterval; }
    public Relay getRelay() { return relay; }
    public Send getSend() { return send; }
    public Http getHttp() { return http; }
    public Bulk getBulk() { return bulk; }
    public Policies getPolicies() { return policies; }

    /** The outbox relay of this instance. */
    public static class Relay {
        /** Off: this instance decides and writes commands to the outbox but leaves sending to other instances. */
        private boolean enabled = true;
        /** How often an idle relay looks for due commands (a decision on this instance wakes it at once). */
        private Duration interval = Duration.ofMillis(250);
        /** Commands claimed per pass. */
        private int batchSize = 200;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    }

    /** Retries of a command that could not be delivered (Kafka or HTTP). */
    public static class Send {
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);

        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    }

    /** Commands POSTed to a service's URL. */
    public static class Http {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(10);
        /** Sent as {@code Authorization: Bearer …} when set. */
        private String bearerToken;
        /** A Spring SSL bundle ({@code spring.ssl.bundle.*}) for HTTPS with a client certificate (mTLS) or a private CA. */
        private String sslBundle;
        /** URL prefixes commands may go to; empty allows any URL a definition names. */
        private List<String> allowedUrls = new ArrayList<>();

        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public String getBearerToken() { return bearerToken; }
        public void setBearerToken(String bearerToken) { this.bearerToken = bearerToken; }
        public String getSslBundle() { return sslBundle; }
        public void setSslBundle(String sslBundle) { this.sslBundle = sslBundle; }
        public List<String> getAllowedUrls() { return allowedUrls; }
        public void setAllowedUrls(List<String> allowedUrls) { this.allowedUrls = allowedUrls; }
    }

    /** Bulk jobs. */
    public static class Bulk {
        /** Off: this instance drives no bulk job (others on the same database do). */
        private boolean enabled = true;
        private int defaultCanarySize = 10;
        private int defaultRatePerSecond = 20;
        private int maxRatePerSecond = 1000;
        /** Sagas a job may select at most. */
        private int maxSagas = 100_000;
        private Duration tick = Duration.ofMillis(100);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getDefaultCanarySize() { return defaultCanarySize; }
        public void setDefaultCanarySize(int defaultCanarySize) { this.defaultCanarySize = defaultCanarySize; }
        public int getDefaultRatePerSecond() { return defaultRatePerSecond; }
        public void setDefaultRatePerSecond(int defaultRatePerSecond) { this.defaultRatePerSecond = defaultRatePerSecond; }
        public int getMaxRatePerSecond() { return maxRatePerSecond; }
        public void setMaxRatePerSecond(int maxRatePerSecond) { this.maxRatePerSecond = maxRatePerSecond; }
        public int getMaxSagas() { return maxSagas; }
        public void setMaxSagas(int maxSagas) { this.maxSagas = maxSagas; }
        public Duration getTick() { return tick; }
        public void setTick(Duration tick) { this.tick = tick; }
    }

    /** Automatic compensation policies. */
    public static class Policies {
        /** How often the policies look for stuck sagas (once per interval across the cluster). */
        private Duration interval = Duration.ofSeconds(30);

        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
    }
}
