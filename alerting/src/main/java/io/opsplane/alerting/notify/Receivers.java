package io.opsplane.alerting.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.config.AlertingProperties.ReceiverType;
import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.alerting.web.AlertingProblems;
import io.opsplane.support.outbound.HostResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The configured receivers, checked at start-up: names unique, URLs allowed by the guard, secrets in
 * the Standard Webhooks form, PagerDuty with a routing key. A bad setting stops start-up naming it.
 */
@Component
public class Receivers {

    static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    private final Map<String, Receiver> byName = new LinkedHashMap<>();
    private final Map<String, URI> urls = new LinkedHashMap<>();
    private final List<String> operatorActionReceivers;
    private final UrlGuard guard;

    /** With the system's name resolver. */
    public Receivers(AlertingProperties properties) {
        this(properties, HostResolver.SYSTEM);
    }

    /** A host (or a test) may provide a {@link HostResolver} bean, e.g. to replay a rebinding name server. */
    @Autowired
    public Receivers(AlertingProperties properties, ObjectProvider<HostResolver> resolver) {
        this(properties, resolver.getIfAvailable(() -> HostResolver.SYSTEM));
    }

    public Receivers(AlertingProperties properties, HostResolver resolver) {
        this.guard = new UrlGuard(properties.allowedHosts(), resolver);
        for (Receiver receiver : properties.receivers()) {
            String name = receiver.name();
            if (name == null || name.isBlank()) {
                throw new ReceiverException("every receiver needs a name");
            }
            if (byName.put(name, receiver) != null) {
                throw new ReceiverException("receiver '" + name + "' is configured twice");
            }
            String url = receiver.url();
            if (receiver.type() == ReceiverType.PAGERDUTY) {
                if (receiver.routingKey() == null || receiver.routingKey().isBlank()) {
                    throw new ReceiverException("receiver '" + name + "' (pagerduty) needs routing-key");
                }
                url = url == null ? PAGERDUTY_EVENTS_URL : url;
            } else if (url == null || url.isBlank()) {
                throw new ReceiverException("receiver '" + name + "' needs a url");
            }
            URI uri;
            try {
                uri = URI.create(url.trim());
                guard.checkStatically(uri);
            } catch (IllegalArgumentException e) {
                // the message never repeats the URL: a Slack webhook URL is itself a credential
                throw new ReceiverException("receiver '" + name + "': url refused: " + e.getMessage());
            }
            urls.put(name, uri);
            if (receiver.secret() != null) {
                String problem = StandardWebhooks.problem(receiver.secret());
                if (problem != null) {
                    throw new ReceiverException("receiver '" + name + "': " + problem);
                }
            }
            if (receiver.timeout().isNegative() || receiver.timeout().isZero()) {
                throw new ReceiverException("receiver '" + name + "': timeout must be positive");
            }
        }
        for (String name : properties.operatorActionReceivers()) {
            Receiver receiver = byName.get(name);
            if (receiver == null) {
                throw new ReceiverException("operator-action-receivers names '" + name + "', which is not a receiver "
                        + byName.keySet());
            }
            if (receiver.type() == ReceiverType.PAGERDUTY) {
                throw new ReceiverException("receiver '" + name + "' is PagerDuty: operator actions are not pages; "
                        + "use a webhook or Slack receiver for them");
            }
        }
        this.operatorActionReceivers = List.copyOf(properties.operatorActionReceivers());
    }

    public Optional<Receiver> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The receiver of that name, or a 404 problem naming the configured ones. */
    public Receiver named(String name) {
        return find(name).orElseThrow(() -> new AlertingProblems.NotFound("no receiver named '" + name
                + "' (configured: " + byName.keySet() + ")"));
    }

    public List<Receiver> all() {
        return new ArrayList<>(byName.values());
    }

    public URI url(Receiver receiver) {
        return urls.get(receiver.name());
    }

    public UrlGuard guard() {
        return guard;
    }

    public List<String> operatorActionReceivers() {
        return operatorActionReceivers;
    }

    /** What the API shows of a receiver: where it sends, never a credential. */
    public Map<String, Object> describe(Receiver receiver) {
        Map<String, Object> out = new LinkedHashMap<>();
        URI url = url(receiver);
        out.put("name", receiver.name());
        out.put("type", receiver.type().name().toLowerCase(java.util.Locale.ROOT));
        // a Slack incoming-webhook URL and query strings carry tokens: only scheme, host and port are shown
        out.put("url", url.getScheme() + "://" + url.getRawAuthority().replaceAll("^.*@", "") + "/…");
        out.put("signed", receiver.secret() != null);
        if (receiver.type() == ReceiverType.PAGERDUTY) {
            out.put("routingKey", "****");
        }
        out.put("timeout", receiver.timeout().toString());
        out.put("maxAlerts", receiver.maxAlerts());
        out.put("operatorActions", operatorActionReceivers.contains(receiver.name()));
        return out;
    }
}
