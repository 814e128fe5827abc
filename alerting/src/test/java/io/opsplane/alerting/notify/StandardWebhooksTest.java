package io.opsplane.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    @Test
    void reproducesTheSpecificationsPublishedTestVector() {
        // the Standard Webhooks reference libraries' vector: secret, id, timestamp, body and signature
        String signature = StandardWebhooks.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void secretsMustHaveTheWhsecFormWithoutEchoingThem() {
        assertThat(StandardWebhooks.problem("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).contains("whsec_")
                .doesNotContain("MfKQ9r8G");
        assertThat(StandardWebhooks.problem("whsec_not base64!")).isEqualTo("the part after whsec_ is not base64");
        assertThat(StandardWebhooks.problem("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isNull();
    }
}
