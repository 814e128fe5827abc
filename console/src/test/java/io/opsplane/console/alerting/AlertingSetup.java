package io.opsplane.console.alerting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import io.opsplane.console.testing.OpsplaneInstance;

/** Alerting settings the end-to-end tests share: one signed webhook receiver on loopback, quick timings. */
public final class AlertingSetup {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "opsplane-test-signing-key-32-byt".getBytes(StandardCharsets.UTF_8));
    static final String EXTERNAL_URL = "https://opsplane.example.com";

    private AlertingSetup() {
    }

    /** Writes a rules file and answers its location for opsplane.alerting.rules-file. */
    public static String rulesFile(String yaml) {
        try {
            Path file = Files.createTempDirectory("alert-rules").resolve("rules.yml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return "file:" + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a second saga type over the same topics to a definitions folder written by OrderSaga. */
    static void addSagaType(String sagaLocations, String definition, String type) {
        Path dir = Path.of(sagaLocations.substring("file:".length())).getParent();
        try {
            Files.writeString(dir.resolve(type + ".yml"),
                    definition.replace("type: order-placement", "type: " + type), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OpsplaneInstance.Builder configure(OpsplaneInstance.Builder builder, WebhookReceiver receiver,
                                              String rulesFile) {
        return builder
                .property("opsplane.external-url", EXTERNAL_URL)
                .property("opsplane.alerting.rules-file", rulesFile)
                .property("opsplane.alerting.allowed-hosts[0]", "127.0.0.1")
                .property("opsplane.alerting.receivers[0].name", "ops")
                .property("opsplane.alerting.receivers[0].type", "webhook")
                .property("opsplane.alerting.receivers[0].url", receiver.url())
                .property("opsplane.alerting.receivers[0].secret", SECRET)
                .property("opsplane.alerting.receivers[0].timeout", "2s")
                .property("opsplane.alerting.route.receiver", "ops")
                .property("opsplane.alerting.route.group-wait", "300ms")
                .property("opsplane.alerting.route.group-interval", "1s")
                .property("opsplane.alerting.route.repeat-interval", "1h")
                .property("opsplane.alerting.dispatch-poll-interval", "100ms")
                .property("opsplane.alerting.delivery.poll-interval", "100ms")
                .property("opsplane.alerting.delivery.min-backoff", "200ms")
                .property("opsplane.alerting.delivery.max-backoff", "1s");
    }
}
