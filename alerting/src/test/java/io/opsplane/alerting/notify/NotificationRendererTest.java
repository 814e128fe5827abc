package io.opsplane.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.alerting.config.ConsoleAddress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotificationRendererTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOSTILE = "<!channel> <https://evil.example|open the saga> & co";

    private final NotificationRenderer renderer = new NotificationRenderer(new ConsoleAddress("https://opsplane.example.com/"));

    @Test
    void slackShowsServiceChosenTextLiterallyWithoutLinksOrMentions() {
        Notification.NotifiedAlert alert = new Notification.NotifiedAlert("firing",
                new TreeMap<>(Map.of("alertname", "Stuck", "step", HOSTILE)), Map.of("summary", HOSTILE,
                "description", "e.g. " + HOSTILE), Instant.now(), null, "https://opsplane.example.com/sagas", "f1");
        Notification notification = new Notification("chat", "{}:{step=\"x\"}", "firing",
                Map.of("alertname", "Stuck", "step", HOSTILE), List.of(alert));
        JsonNode body = JSON.readTree(renderer.render(slack(), notification));

        String escaped = "&lt;!channel&gt; &lt;https://evil.example|open the saga&gt; &amp; co";
        assertThat(body.path("text").asString()).isEqualTo("[FIRING:1] Stuck " + escaped);
        assertThat(body.path("attachments").get(0).path("title").asString()).isEqualTo(escaped);
        assertThat(body.path("attachments").get(0).path("text").asString()).isEqualTo("e.g. " + escaped);
        assertThat(body.path("attachments").get(0).path("title_link").asString())
                .isEqualTo("https://opsplane.example.com/sagas");

        JsonNode action = JSON.readTree(renderer.renderOperatorAction(slack(), "compensated", "maria<@U1>", HOSTILE,
                null, "https://opsplane.example.com/sagas/1", Instant.now()));
        assertThat(action.path("text").asString()).doesNotContain("<!channel>", "<@U1>", "<https://evil")
                .endsWith("<https://opsplane.example.com/sagas/1|open>");
    }

    @Test
    void aKoreanReceiverReadsKoreanWhileMachineReadFieldsStayAsTheyAre() {
        Receiver chat = new Receiver("chat-ko", AlertingProperties.ReceiverType.SLACK, "https://hooks.slack.com/services/x",
                null, null, Duration.ofSeconds(10), 0, "ko");
        Notification.NotifiedAlert alert = new Notification.NotifiedAlert("firing",
                new TreeMap<>(Map.of("alertname", "SagaStuck", "severity", "critical")), Map.of("summary", "3 stuck"),
                Instant.now(), null, "https://opsplane.example.com/sagas", "f1");
        Notification notification = new Notification("chat-ko", "{}:{}", "firing", Map.of("alertname", "SagaStuck"),
                List.of(alert));
        assertThat(JSON.readTree(renderer.render(chat, notification)).path("text").asString())
                .isEqualTo("[발생:1] SagaStuck");
        assertThat(JSON.readTree(renderer.renderTest(chat, Instant.now())).path("attachments").get(0).path("title")
                .asString()).isEqualTo("Opsplane이 수신자 'chat-ko'에게 보낸 테스트 알림");

        OperatorActionWording wording = new OperatorActionWording() {
            @Override
            public String action(java.util.Locale language) {
                return language.getLanguage().equals("ko") ? "조치 요청" : "requested an action on";
            }

            @Override
            public String target(java.util.Locale language) {
                return language.getLanguage().equals("ko") ? "사가 order-placement #7" : "saga order-placement #7";
            }
        };
        assertThat(JSON.readTree(renderer.renderOperatorAction(chat, "ACTION_REQUESTED", "maria",
                "saga order-placement #7", null, "https://opsplane.example.com/sagas/7", Instant.now(), wording))
                .path("text").asString()).isEqualTo(":bust_in_silhouette: *maria* 님이 사가 order-placement #7: 조치 요청"
                + " <https://opsplane.example.com/sagas/7|열기>");

        Receiver hook = new Receiver("hook-ko", AlertingProperties.ReceiverType.WEBHOOK, "https://hooks.example.com/x",
                null, null, Duration.ofSeconds(10), 0, "ko");
        JsonNode body = JSON.readTree(renderer.renderOperatorAction(hook, "ACTION_REQUESTED", "maria",
                "saga order-placement #7", null, null, Instant.now(), wording));
        // for machines as before; for people in the receiver's language
        assertThat(body.path("action").asString()).isEqualTo("ACTION_REQUESTED");
        assertThat(body.path("target").asString()).isEqualTo("saga order-placement #7");
        assertThat(body.path("summary").asString()).isEqualTo("maria 님이 사가 order-placement #7: 조치 요청");
        JsonNode alertmanager = JSON.readTree(renderer.render(hook, notification));
        assertThat(alertmanager.path("status").asString()).isEqualTo("firing");
        assertThat(alertmanager.path("commonLabels").path("alertname").asString()).isEqualTo("SagaStuck");
    }

    @Test
    void eachReceiverReadsTheRulesSummaryInItsLanguageWhileTheWebhookKeepsTheAnnotationsAsStored() {
        Map<String, String> annotations = Map.of("summary", "3 order-placement sagas stuck at charge-payment",
                "summary_ko", "order-placement 사가 3건이 charge-payment에서 멈춤",
                "description", "Waiting on payment", "description_ko", "payment 응답 대기");
        Notification.NotifiedAlert alert = new Notification.NotifiedAlert("firing",
                new TreeMap<>(Map.of("alertname", "SagaStuck", "severity", "critical")), annotations,
                Instant.parse("2026-12-06T05:00:00Z"), null, "https://opsplane.example.com/sagas", "f1");
        Notification notification = new Notification("r", "{}:{}", "firing", Map.of("alertname", "SagaStuck"),
                List.of(alert));

        JsonNode korean = JSON.readTree(renderer.render(receiver("chat-ko", AlertingProperties.ReceiverType.SLACK, "ko"),
                notification)).path("attachments").get(0);
        assertThat(korean.path("title").asString()).isEqualTo("order-placement 사가 3건이 charge-payment에서 멈춤");
        assertThat(korean.path("text").asString()).isEqualTo("payment 응답 대기");
        JsonNode english = JSON.readTree(renderer.render(receiver("chat", AlertingProperties.ReceiverType.SLACK, "en"),
                notification)).path("attachments").get(0);
        assertThat(english.path("title").asString()).isEqualTo("3 order-placement sagas stuck at charge-payment");
        assertThat(english.path("text").asString()).isEqualTo("Waiting on payment");

        JsonNode pager = JSON.readTree(renderer.render(receiver("pager-ko", AlertingProperties.ReceiverType.PAGERDUTY,
                "ko"), notification)).path("payload");
        assertThat(pager.path("summary").asString()).isEqualTo("order-placement 사가 3건이 charge-payment에서 멈춤");
        assertThat(pager.path("custom_details").path("firing").get(0).asString())
                .isEqualTo("order-placement 사가 3건이 charge-payment에서 멈춤");
        assertThat(JSON.readTree(renderer.render(receiver("pager", AlertingProperties.ReceiverType.PAGERDUTY, "en"),
                notification)).path("payload").path("summary").asString())
                .isEqualTo("3 order-placement sagas stuck at charge-payment");

        // Alertmanager's body is the same for every language: every annotation as stored, variants as extra keys
        String webhookKo = renderer.render(receiver("hook-ko", AlertingProperties.ReceiverType.WEBHOOK, "ko"),
                notification);
        String webhookEn = renderer.render(receiver("hook-ko", AlertingProperties.ReceiverType.WEBHOOK, "en"),
                notification);
        assertThat(webhookKo).isEqualTo(webhookEn);
        JsonNode body = JSON.readTree(webhookKo);
        assertThat(body.path("alerts").get(0).path("annotations").propertyNames())
                .containsExactly("description", "description_ko", "summary", "summary_ko");
        assertThat(body.path("alerts").get(0).path("annotations").path("summary").asString())
                .isEqualTo("3 order-placement sagas stuck at charge-payment");
        assertThat(body.path("commonAnnotations").path("summary_ko").asString())
                .isEqualTo("order-placement 사가 3건이 charge-payment에서 멈춤");
    }

    private static Receiver receiver(String name, AlertingProperties.ReceiverType type, String language) {
        boolean pagerDuty = type == AlertingProperties.ReceiverType.PAGERDUTY;
        return new Receiver(name, type, pagerDuty ? null : "https://hooks.example.com/" + name, null,
                pagerDuty ? "key" : null, Duration.ofSeconds(10), 0, language);
    }

    private static Receiver slack() {
        return new Receiver("chat", AlertingProperties.ReceiverType.SLACK, "https://hooks.slack.com/services/x", null,
                null, Duration.ofSeconds(10), 0);
    }
}
