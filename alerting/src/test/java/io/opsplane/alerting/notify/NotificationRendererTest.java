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

    private static Receiver slack() {
        return new Receiver("chat", AlertingProperties.ReceiverType.SLACK, "https://hooks.slack.com/services/x", null,
                null, Duration.ofSeconds(10), 0);
    }
}
