package io.opsplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The launcher's alerting options: what it accepts, and what of a webhook URL shows where. */
class AlertOptionsTest {

    @Test
    void withoutOptionsTheDemoRulesAreReadAndNothingIsSent() {
        Options options = Options.parse(new String[0]);
        AlertSettings alerts = new AlertSettings(options.alertRules(), options.alertWebhook());

        assertThat(options.alertRules()).endsWith(Path.of("deploy", "alert-rules.yml")).exists();
        assertThat(alerts.consoleArguments()).containsExactly("--opsplane.alerting.rules-file=file:" + options.alertRules());
        assertThat(alerts.consoleEnvironment()).isEmpty();
    }

    @Test
    void aWebhookIsTheOneReceiverWithItsHostAllowedAndItsUrlKeptOffCommandLinesAndOutput() {
        Options options = Options.parse(new String[] {"--alert-webhook", "https://hooks.example.com:8443/T0/secret-token"});
        AlertSettings alerts = new AlertSettings(options.alertRules(), options.alertWebhook());

        assertThat(alerts.consoleArguments()).contains("--opsplane.alerting.allowed-hosts=hooks.example.com",
                "--opsplane.alerting.route.receiver=webhook", "--opsplane.alerting.route.group-wait=10s")
                .noneMatch(argument -> argument.contains("secret-token"));
        assertThat(alerts.consoleEnvironment()).containsEntry("OPSPLANE_ALERTING_RECEIVERS_0_URL",
                "https://hooks.example.com:8443/T0/secret-token").containsEntry("OPSPLANE_ALERTING_RECEIVERS_0_NAME", "webhook");
        assertThat(alerts.describe()).contains("https://hooks.example.com:8443/").doesNotContain("secret-token");
    }

    @Test
    void badAlertOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--alert-webhook", "ftp://example.com/x"}))
                .hasMessage("--alert-webhook is an http or https URL with a host, not ftp://example.com/x");
        assertThatThrownBy(() -> Options.parse(new String[] {"--alert-rules", "/no/such/rules.yml"}))
                .hasMessage("--alert-rules: no readable file /no/such/rules.yml");
    }
}
