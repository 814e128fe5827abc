package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Alertmanager's webhook body, version 4, as its documentation and code define it (notify/webhook's
 * Message embeds template.Data and adds version, groupKey and truncatedAlerts; template.Alert holds
 * the per-alert fields): every field present, each of the documented type, and nothing else.
 */
final class AlertmanagerWebhookFormat {

    private static final List<String> TOP = List.of("version", "groupKey", "truncatedAlerts", "status", "receiver",
            "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "alerts");
    private static final List<String> ALERT = List.of("status", "labels", "annotations", "startsAt", "endsAt",
            "generatorURL", "fingerprint");

    private AlertmanagerWebhookFormat() {
    }

    static void assertValid(JsonNode body) {
        assertThat(fieldNames(body)).containsExactlyInAnyOrderElementsOf(TOP);
        assertThat(body.get("version").isString()).isTrue();
        assertThat(body.get("version").asString()).isEqualTo("4");
        assertThat(body.get("groupKey").isString()).isTrue();
        assertThat(body.get("truncatedAlerts").isIntegralNumber()).isTrue();
        assertThat(body.get("status").asString()).isIn("firing", "resolved");
        assertThat(body.get("receiver").isString()).isTrue();
        for (String map : List.of("groupLabels", "commonLabels", "commonAnnotations")) {
            assertStringMap(body.get(map), map);
        }
        assertThat(body.get("externalURL").isString()).isTrue();
        assertThat(body.get("alerts").isArray()).isTrue();
        for (JsonNode alert : body.get("alerts")) {
            assertThat(fieldNames(alert)).containsExactlyInAnyOrderElementsOf(ALERT);
            assertThat(alert.get("status").asString()).isIn("firing", "resolved");
            assertStringMap(alert.get("labels"), "labels");
            assertStringMap(alert.get("annotations"), "annotations");
            // Go's time.Time marshals as RFC 3339; the zero time marks an alert that has not ended
            Instant.parse(alert.get("startsAt").asString());
            Instant.parse(alert.get("endsAt").asString());
            assertThat(alert.get("generatorURL").isString()).isTrue();
            assertThat(alert.get("fingerprint").asString()).matches("[0-9a-f]{16}");
        }
    }

    private static void assertStringMap(JsonNode node, String what) {
        assertThat(node.isObject()).as(what + " is an object").isTrue();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            assertThat(entry.getValue().isString()).as(what + "." + entry.getKey() + " is a string").isTrue();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
