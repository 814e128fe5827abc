package io.opsplane.console.compensation;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Whether a command's destination can take it, for dry runs: the Kafka topic exists, or the URL is allowed
 * ({@code opsplane.compensation.http.allowed-urls}) and its host accepts a connection. Nothing is sent.
 */
@Component
class DestinationChecks {

    private final KafkaCommands kafka;
    private final CompensationProperties properties;

    DestinationChecks(KafkaCommands kafka, CompensationProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    DryRun.Check check(PlannedCommand command) {
        return command.topic() != null ? topic(command.topic()) : url(command.url());
    }

    /** Whether a URL is one commands may go to; also checked by the HTTP sender before every call. */
    boolean allowed(String url) {
        List<String> allowed = properties.getHttp().getAllowedUrls();
        return allowed.isEmpty() || allowed.stream().anyMatch(url::startsWith);
    }

    private DryRun.Check topic(String topic) {
        String name = "topic " + topic;
        try {
            return kafka.topicExists(topic) ? new DryRun.Check(name, true, "exists")
                    : new DryRun.Check(name, false, "Kafka has no topic " + topic);
        } catch (KafkaCommands.NoAnswer e) {
            return new DryRun.Check(name, false, "Kafka did not answer: " + e.getMessage());
        }
    }

    private DryRun.Check url(String url) {
        String name = "POST " + url;
        if (!allowed(url)) {
            return new DryRun.Check(name, false, "not under opsplane.compensation.http.allowed-urls "
                    + properties.getHttp().getAllowedUrls());
        }
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port),
                    (int) properties.getHttp().getConnectTimeout().toMillis());
            return new DryRun.Check(name, true, uri.getHost() + ":" + port + " accepts connections");
        } catch (java.io.IOException e) {
            return new DryRun.Check(name, false, uri.getHost() + ":" + port + " is not reachable: " + e.getMessage());
        }
    }
}
