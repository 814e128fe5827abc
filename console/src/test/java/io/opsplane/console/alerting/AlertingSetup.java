package io.opsplane.console.alerting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestPostgres;

/** Alerting settings the end-to-end tests share: one signed webhook receiver on loopback, quick timings. */
public final class AlertingSetup {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "opsplane-test-signing-key-32-byt".getBytes(StandardCharsets.UTF_8));
    static final String EXTERNAL_URL = "https://opsplane.example.com";

    /**
     * A rule over traces, for instances without Elasticsearch: it cannot be evaluated, and its health says why. One
     * entry of a rules file's list, to follow the entries before it.
     */
    static final String PAYMENT_ERRORS_RULE = """
              - name: PaymentErrors
                kind: service-error-ratio
                service: payment
                window: 5m
                threshold: 0.05
                interval: 1s
            """;
    /** A stuck-saga alert's summary and description: which sagas are stuck where, waiting on whom, for example. */
    static final String STUCK_ANNOTATIONS = "{summary: \"{{ .Value }} {{ .Labels.saga_type }} sagas stuck at "
            + "{{ .Labels.step }}\", description: \"Waiting on {{ .Labels.service }} ({{ .Labels.reason }}), e.g. "
            + "{{ .Samples }}\"}";

    private AlertingSetup() {
    }

    /** Writes a rules file and answers its location for opsplane.alerting.rules-file. */
    public static String rulesFile(String yaml) {
        try {
            Path dir = Files.createTempDirectory("alert-rules");
            Path file = dir.resolve("rules.yml");
            // removed when the test JVM ends, the file before its folder (the reverse of registering)
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return "file:" + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A rules file of one rule: any stuck saga fires at once, evaluated every second. For tests that need an alert
     * to reach the receiver and do not look at the rule itself.
     */
    public static String stuckSagaRulesFile() {
        return rulesFile("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    interval: 1s
                """);
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

    /**
     * An instance on a new database that tracks the sagas at {@code sagaLocations}, evaluates these rules and
     * notifies the receiver; not started yet, so a test can add settings of its own.
     */
    static OpsplaneInstance.Builder instance(WebhookReceiver receiver, String sagaLocations, String rulesYaml) {
        return configure(OpsplaneInstance.on(TestPostgres.newDatabase(), sagaLocations), receiver, rulesFile(rulesYaml));
    }

    public static OpsplaneInstance.Builder configure(OpsplaneInstance.Builder builder, WebhookReceiver receiver,
                                              String rulesFile) {
        settings(receiver, rulesFile).forEach(builder::property);
        return builder;
    }

    /** The same settings as Spring properties, for tests that start the application themselves; open to changes. */
    static Map<String, String> settings(WebhookReceiver receiver, String rulesFile) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("opsplane.external-url", EXTERNAL_URL);
        settings.put("opsplane.alerting.rules-file", rulesFile);
        settings.put("opsplane.alerting.allowed-hosts[0]", "127.0.0.1");
        settings.put("opsplane.alerting.receivers[0].name", "ops");
        settings.put("opsplane.alerting.receivers[0].type", "webhook");
        settings.put("opsplane.alerting.receivers[0].url", receiver.url());
        settings.put("opsplane.alerting.receivers[0].secret", SECRET);
        settings.put("opsplane.alerting.receivers[0].timeout", "2s");
        settings.put("opsplane.alerting.route.receiver", "ops");
        settings.put("opsplane.alerting.route.group-wait", "300ms");
        settings.put("opsplane.alerting.route.group-interval", "1s");
        settings.put("opsplane.alerting.route.repeat-interval", "1h");
        settings.put("opsplane.alerting.dispatch-poll-interval", "100ms");
        settings.put("opsplane.alerting.delivery.poll-interval", "100ms");
        settings.put("opsplane.alerting.delivery.min-backoff", "200ms");
        settings.put("opsplane.alerting.delivery.max-backoff", "1s");
        return settings;
    }
}
