package io.opsplane.alerting.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Alerting settings under {@code opsplane.alerting}: where rules are read from, the receivers and
 * the route tree that sends alerts to them, which hosts receivers may point at, and delivery timing.
 */
@ConfigurationProperties("opsplane.alerting")
public record AlertingProperties(
        /* Spring resource location of the rules file, e.g. file:./alerting/rules.yml; optional. */
        String rulesFile,
        /* Hosts receivers may send to: exact names or IP literals, "*.example.com", or "*" for any host. */
        @DefaultValue({"hooks.slack.com", "events.pagerduty.com", "events.eu.pagerduty.com"}) List<String> allowedHosts,
        @DefaultValue List<Receiver> receivers,
        @DefaultValue Route route,
        /* Receivers told about operator actions (AlertingEvents.operatorAction). */
        @DefaultValue List<String> operatorActionReceivers,
        @DefaultValue Delivery delivery,
        /* How often each console instance looks for alert groups due to be notified. */
        @DefaultValue("250ms") Duration dispatchPollInterval) {

    public enum ReceiverType { WEBHOOK, SLACK, PAGERDUTY }

    /** A place notifications go to. The secret, routing key and (for Slack) URL are credentials: never shown. */
    public record Receiver(
            String name,
            @DefaultValue("webhook") ReceiverType type,
            String url,
            /* Standard Webhooks signing secret, whsec_<base64>; optional. */
            String secret,
            /* PagerDuty Events API v2 integration key. */
            String routingKey,
            @DefaultValue("10s") Duration timeout,
            /* 0 = every alert of the group in each notification. */
            @DefaultValue("0") int maxAlerts,
            /* The language of what people read in its notifications: en or ko; the API and console can change it. */
            @DefaultValue("en") String language) {

        /** Bound from the settings: the canonical constructor, with every component. */
        @ConstructorBinding
        public Receiver {
        }

        /** A receiver whose notifications are in English. */
        public Receiver(String name, ReceiverType type, String url, String secret, String routingKey, Duration timeout,
                        int maxAlerts) {
            this(name, type, url, secret, routingKey, timeout, maxAlerts, "en");
        }

        @Override
        public String toString() {
            return "Receiver[name=" + name + ", type=" + type + ", secret=" + (secret == null ? "none" : "****")
                    + ", routingKey=" + (routingKey == null ? "none" : "****") + ", language=" + language + "]";
        }
    }

    /**
     * A node of the route tree, as Alertmanager's: alerts matching {@code matchers} go to its receiver
     * grouped by {@code groupBy}, unless a child route matches first; {@code continue} lets matching go on
     * to the next sibling. Unset timings and receiver are inherited from the parent.
     */
    public record Route(
            String receiver,
            List<String> matchers,
            List<String> groupBy,
            Duration groupWait,
            Duration groupInterval,
            Duration repeatInterval,
            @Name("continue") @DefaultValue("false") boolean continueMatching,
            @DefaultValue List<Route> routes) {
    }

    public record Delivery(
            /* Sending workers per console instance. */
            @DefaultValue("4") int workers,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("1s") Duration minBackoff,
            @DefaultValue("5m") Duration maxBackoff,
            /* The longest wait a receiver's Retry-After (on 429 or 503) is honoured for. */
            @DefaultValue("1h") Duration maxRetryAfter) {
    }
}
