package io.opsplane.console.compensation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

import io.opsplane.console.text.Phrase;
import io.opsplane.support.outbound.ForbiddenAddresses;
import io.opsplane.support.outbound.HostResolver;
import io.opsplane.support.outbound.RefusedAddressException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether a command's destination can take it, for dry runs: the Kafka topic exists, or the URL is allowed
 * ({@code opsplane.compensation.http.allowed-urls}, see {@link AllowedUrls}) and its host accepts a connection.
 * Nothing is sent. Also where a command's host is resolved and vetted, once per connection, for the sender and
 * for the dry run alike: never a link-local or cloud metadata address, unless an allowed URL names that address.
 */
@Component
class DestinationChecks {

    private final KafkaCommands kafka;
    private final CompensationProperties properties;
    private final AllowedUrls allowedUrls;
    private final HostResolver resolver;

    /** A {@link HostResolver} bean, when the host application has one, replaces the system resolver. */
    @Autowired
    DestinationChecks(KafkaCommands kafka, CompensationProperties properties, ObjectProvider<HostResolver> resolver) {
        this(kafka, properties, resolver.getIfAvailable(() -> HostResolver.SYSTEM));
    }

    DestinationChecks(KafkaCommands kafka, CompensationProperties properties, HostResolver resolver) {
        this.kafka = kafka;
        this.properties = properties;
        this.allowedUrls = new AllowedUrls(properties.http().allowedUrls());
        this.resolver = resolver;
    }

    DryRun.Check check(PlannedCommand command) {
        return command.topic() != null ? topic(command.topic()) : url(command.url());
    }

    /** Whether a URL is one commands may go to; also checked by the HTTP sender before every call. */
    boolean allowed(String url) {
        return allowedUrls.allows(url);
    }

    /** Resolves a command's host once and answers the addresses a connection may go to, or refuses. */
    InetAddress[] addresses(String host) throws UnknownHostException {
        String name = AllowedUrls.bare(host.toLowerCase(Locale.ROOT));
        InetAddress[] addresses = resolver.resolve(name);
        if (!allowedUrls.namesAddress(name)) {
            ForbiddenAddresses.refuseForbidden(name, addresses,
                    "name that address in opsplane.compensation.http.allowed-urls to allow it");
        }
        return addresses;
    }

    private DryRun.Check topic(String topic) {
        Phrase name = Phrase.of("action.check.topic", topic);
        try {
            return kafka.topicExists(topic) ? new DryRun.Check(name, true, Phrase.of("action.check.topic.exists"))
                    : new DryRun.Check(name, false, Phrase.of("action.check.topic.missing", topic));
        } catch (KafkaCommands.NoAnswer e) {
            return new DryRun.Check(name, false, Phrase.of("action.check.topic.noAnswer", e.getMessage()));
        }
    }

    private DryRun.Check url(String url) {
        Phrase name = Phrase.of("action.check.url", url);
        if (!allowed(url)) {
            return new DryRun.Check(name, false, Phrase.of("action.check.url.notAllowed",
                    String.valueOf(properties.http().allowedUrls())));
        }
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = addresses(uri.getHost());
        } catch (RefusedAddressException e) {
            return new DryRun.Check(name, false, Phrase.of("action.check.url.refused", e.getMessage()));
        } catch (UnknownHostException e) {
            return new DryRun.Check(name, false, Phrase.of("action.check.url.unresolved", uri.getHost()));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(addresses[0], port),
                    (int) properties.http().connectTimeout().toMillis());
            return new DryRun.Check(name, true, Phrase.of("action.check.url.accepts", uri.getHost(), String.valueOf(port)));
        } catch (java.io.IOException e) {
            return new DryRun.Check(name, false, Phrase.of("action.check.url.unreachable", uri.getHost(),
                    String.valueOf(port), e.getMessage()));
        }
    }
}
