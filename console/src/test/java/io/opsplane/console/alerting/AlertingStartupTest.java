package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import io.opsplane.console.testing.OpsplaneInstance;
import org.junit.jupiter.api.Test;

/** Settings Opsplane refuses to start with, each named in the error. */
class AlertingStartupTest {

    @Test
    void aReceiverPointingAtALinkLocalAddressIsRefusedEvenWhenEveryHostIsAllowed() {
        assertThatThrownBy(() -> instance()
                .property("opsplane.alerting.allowed-hosts[0]", "*")
                .property("opsplane.alerting.receivers[0].name", "metadata")
                .property("opsplane.alerting.receivers[0].url", "http://169.254.169.254/latest/meta-data/secret-token")
                .start())
                .satisfies(e -> assertThat(rootMessage(e))
                        .contains("receiver 'metadata'", "169.254.169.254", "link-local or cloud metadata address")
                        .doesNotContain("secret-token"));
        assertThatThrownBy(() -> instance()
                .property("opsplane.alerting.allowed-hosts[0]", "*")
                .property("opsplane.alerting.receivers[0].name", "gcp")
                .property("opsplane.alerting.receivers[0].url", "http://metadata.google.internal/computeMetadata/v1/")
                .start())
                .satisfies(e -> assertThat(rootMessage(e)).contains("cloud metadata service"));
    }

    @Test
    void aReceiverOnAHostOffTheAllowListIsRefused() {
        assertThatThrownBy(() -> instance()
                .property("opsplane.alerting.receivers[0].name", "elsewhere")
                .property("opsplane.alerting.receivers[0].url", "https://hooks.example.net/x")
                .start())
                .satisfies(e -> assertThat(rootMessage(e))
                        .contains("receiver 'elsewhere'", "'hooks.example.net' is not in opsplane.alerting.allowed-hosts"));
    }

    @Test
    void aBadRulesFileNamesFileAndLine() {
        String rules = AlertingSetup.rulesFile("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    for: soon
                """);
        assertThatThrownBy(() -> instance().property("opsplane.alerting.rules-file", rules).start())
                .satisfies(e -> assertThat(rootMessage(e))
                        .isEqualTo(rules.substring("file:".length())
                                + ":4: rule 'SagaStuck': for 'soon' is not a duration (e.g. 30s, 5m, 2h or PT30S)"));
    }

    private static OpsplaneInstance.Builder instance() {
        return OpsplaneInstance.withOrderSaga();
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
