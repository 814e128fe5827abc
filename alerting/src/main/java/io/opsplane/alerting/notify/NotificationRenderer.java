package io.opsplane.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.alerting.config.ConsoleAddress;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a notification into the body its receiver expects: Alertmanager's webhook format version 4
 * for generic webhooks, a message for Slack incoming webhooks, an event for PagerDuty Events API v2.
 * Bodies are rendered once, when the notification is decided, so every retry sends the same bytes.
 */
@Component
public class NotificationRenderer {

    /** Go's zero time: what Alertmanager sends as endsAt of an alert that still fires. */
    static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The texts people read in a notification, per language: notifications.properties and notifications_ko.properties. */
    private static final String TEXTS = "io.opsplane.alerting.notify.notifications";

    private final String externalUrl;
    private final ReceiverLanguages languages;

    /** Each receiver in its configured language. */
    NotificationRenderer(ConsoleAddress console) {
        this(console, ReceiverLanguages.configured());
    }

    @Autowired
    NotificationRenderer(ConsoleAddress console, ReceiverLanguages languages) {
        this.externalUrl = console.externalUrl();
        this.languages = languages;
    }

    public String externalUrl() {
        return externalUrl;
    }

    public String render(Receiver receiver, Notification notification) {
        Locale language = languages.locale(receiver);
        return switch (receiver.type()) {
            case WEBHOOK -> JSON.writeValueAsString(alertmanagerWebhook(receiver, notification));
            case SLACK -> JSON.writeValueAsString(slack(notification, language));
            case PAGERDUTY -> JSON.writeValueAsString(pagerDuty(receiver, notification, language));
        };
    }

    /** The text of {@code key} in {@code language}, its placeholders filled with {@code args}. */
    static String text(Locale language, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(TEXTS, language,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new MessageFormat(bundle.getString(key), language).format(args);
    }

    /** A notification that says only that the receiver is reachable, in the receiver's own format. */
    public String renderTest(Receiver receiver, Instant now) {
        Map<String, String> labels = new TreeMap<>(Map.of("alertname", "OpsplaneTestNotification",
                "severity", "info"));
        Locale language = languages.locale(receiver);
        Notification.NotifiedAlert alert = new Notification.NotifiedAlert("firing", labels,
                Map.of("summary", text(language, "test.summary", receiver.name()),
                        "description", text(language, "test.description")),
                now, null, externalUrl + "/alerts", "0000000000000000");
        return render(receiver, new Notification(receiver.name(), "{}:{test=\"" + now.toEpochMilli() + "\"}",
                "firing", Map.of("alertname", "OpsplaneTestNotification"), List.of(alert)));
    }

    /** An operator's action (for example a compensation started by hand), for webhook and Slack receivers. */
    public String renderOperatorAction(Receiver receiver, String action, String actor, String target, String detail,
                                       String link, Instant at) {
        return renderOperatorAction(receiver, action, actor, target, detail, link, at, null);
    }

    /**
     * An operator's action, its action and target worded for the receiver's language by {@code wording} (null: as
     * given). The webhook body keeps the given action and target for machines and adds the worded sentence as
     * {@code summary}.
     */
    public String renderOperatorAction(Receiver receiver, String action, String actor, String target, String detail,
                                       String link, Instant at, OperatorActionWording wording) {
        Locale language = languages.locale(receiver);
        String actionText = wording == null ? action : wording.action(language);
        String targetText = wording == null ? target : wording.target(language);
        if (receiver.type() == AlertingProperties.ReceiverType.SLACK) {
            String text = detail == null
                    ? text(language, "operator.slack", slackText(actor), slackText(actionText), slackText(targetText))
                    : text(language, "operator.slackDetail", slackText(actor), slackText(actionText),
                    slackText(targetText), slackText(detail));
            return JSON.writeValueAsString(Map.of("text", text + (link == null ? ""
                    : " <" + slackText(link) + "|" + text(language, "operator.open") + ">")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "1");
        body.put("type", "operator-action");
        body.put("action", action);
        body.put("actor", actor);
        body.put("target", target);
        body.put("detail", detail);
        body.put("link", link);
        body.put("at", at.toString());
        body.put("externalURL", externalUrl);
        body.put("summary", text(language, "operator.summary", actor, actionText, targetText));
        body.put("language", language.getLanguage());
        return JSON.writeValueAsString(body);
    }

    private Map<String, Object> alertmanagerWebhook(Receiver receiver, Notification n) {
        List<Notification.NotifiedAlert> alerts = n.alerts();
        int truncated = 0;
        if (receiver.maxAlerts() > 0 && alerts.size() > receiver.maxAlerts()) {
            truncated = alerts.size() - receiver.maxAlerts();
            alerts = alerts.subList(0, receiver.maxAlerts());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", n.groupKey());
        body.put("truncatedAlerts", truncated);
        body.put("status", n.status());
        body.put("receiver", n.receiver());
        body.put("groupLabels", new TreeMap<>(n.groupLabels()));
        body.put("commonLabels", common(n.alerts(), true));
        body.put("commonAnnotations", common(n.alerts(), false));
        body.put("externalURL", externalUrl);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Notification.NotifiedAlert a : alerts) {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("status", a.status());
            alert.put("labels", new TreeMap<>(a.labels()));
            alert.put("annotations", new TreeMap<>(a.annotations()));
            alert.put("startsAt", a.startsAt().toString());
            alert.put("endsAt", a.endsAt() == null ? GO_ZERO_TIME : a.endsAt().toString());
            alert.put("generatorURL", a.generatorUrl());
            alert.put("fingerprint", a.fingerprint());
            list.add(alert);
        }
        body.put("alerts", list);
        return body;
    }

    /** Labels (or annotations) every alert of the notification has with the same value. */
    private static Map<String, String> common(List<Notification.NotifiedAlert> alerts, boolean labels) {
        Map<String, String> common = new TreeMap<>();
        if (alerts.isEmpty()) {
            return common;
        }
        common.putAll(labels ? alerts.getFirst().labels() : alerts.getFirst().annotations());
        for (Notification.NotifiedAlert a : alerts) {
            Map<String, String> these = labels ? a.labels() : a.annotations();
            common.entrySet().removeIf(e -> !e.getValue().equals(these.get(e.getKey())));
        }
        return common;
    }

    private Map<String, Object> slack(Notification n, Locale language) {
        boolean firing = n.status().equals("firing");
        long firingCount = n.alerts().stream().filter(a -> a.status().equals("firing")).count();
        String name = n.groupLabels().getOrDefault("alertname", n.alerts().getFirst().labels().get("alertname"));
        String what = slackText(name) + " " + String.join(" ", n.groupLabels().entrySet().stream()
                .filter(e -> !e.getKey().equals("alertname")).map(e -> slackText(e.getValue())).filter(v -> !v.isEmpty())
                .toList());
        String title = firing ? text(language, "slack.firing", String.valueOf(firingCount), what)
                : text(language, "slack.resolved", what);
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Notification.NotifiedAlert a : n.alerts().subList(0, Math.min(10, n.alerts().size()))) {
            Map<String, Object> attachment = new LinkedHashMap<>();
            attachment.put("color", a.status().equals("resolved") ? "good"
                    : "critical".equals(a.labels().get("severity")) ? "danger" : "warning");
            attachment.put("title", slackText(a.annotation("summary", language, a.labels().get("alertname"))));
            attachment.put("title_link", a.generatorUrl());
            attachment.put("text", slackText(a.annotation("description", language, ""))
                    + (a.status().equals("resolved") ? "\n" + text(language, "slack.resolvedAt", String.valueOf(a.endsAt()))
                    : ""));
            attachments.add(attachment);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", title.trim());
        body.put("attachments", attachments);
        return body;
    }

    private Map<String, Object> pagerDuty(Receiver receiver, Notification n, Locale language) {
        Notification.NotifiedAlert first = n.alerts().stream().filter(a -> a.status().equals("firing")).findFirst()
                .orElse(n.alerts().getFirst());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", truncate(first.annotation("summary", language,
                first.labels().get("alertname") + " " + n.groupLabels()), 1024));
        payload.put("source", externalUrl);
        payload.put("severity", switch (first.labels().getOrDefault("severity", "warning")) {
            case "critical", "error", "warning", "info" -> first.labels().get("severity");
            default -> "warning";
        });
        payload.put("timestamp", first.startsAt().toString());
        payload.put("group", first.labels().getOrDefault("saga_type", first.labels().getOrDefault("service", "")));
        payload.put("class", first.labels().get("alertname"));
        payload.put("custom_details", Map.of("firing", n.alerts().stream().filter(a -> a.status().equals("firing"))
                .map(a -> a.annotation("summary", language, a.labels().toString())).toList(),
                "groupLabels", n.groupLabels()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", receiver.routingKey());
        body.put("event_action", n.status().equals("firing") ? "trigger" : "resolve");
        body.put("dedup_key", sha256(n.groupKey()));
        if (n.status().equals("firing")) {
            body.put("payload", payload);
            body.put("links", List.of(Map.of("href", first.generatorUrl(), "text", text(language, "pagerduty.open"))));
        }
        return body;
    }

    /**
     * Text as Slack shows it literally: labels and annotations carry saga types, steps and samples that
     * services chose, and Slack reads {@code <url|text>} as a link and {@code <!channel>} as a mention.
     */
    static String slackText(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** PagerDuty's dedup key: the same for every notification of a group, so resolve closes what trigger opened. */
    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
