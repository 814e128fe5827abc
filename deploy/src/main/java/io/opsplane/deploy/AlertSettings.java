package io.opsplane.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the launcher sets up the console's alerting (docs/alerting.md): the rules file, and when a
 * webhook is given, one webhook receiver that every alert is routed to, its host allowed.
 */
record AlertSettings(Path rulesFile, URI webhook) {

    static final String RECEIVER = "webhook";
    /** Short, so a fault switched on in the demo shows up at the webhook soon after the sagas get stuck. */
    static final String GROUP_WAIT = "10s";

    /** Settings that may show on a command line. */
    List<String> consoleArguments() {
        List<String> arguments = new ArrayList<>(List.of("--opsplane.alerting.rules-file=file:" + rulesFile));
        if (webhook != null) {
            arguments.add("--opsplane.alerting.allowed-hosts=" + host());
            arguments.add("--opsplane.alerting.route.receiver=" + RECEIVER);
            arguments.add("--opsplane.alerting.route.group-wait=" + GROUP_WAIT);
        }
        return arguments;
    }

    /**
     * The receiver goes in the environment: a webhook URL may carry a token (Slack's do), and a
     * command line is visible to every user of the machine. The whole receiver list is set here,
     * since Spring takes a list from one property source only.
     */
    Map<String, String> consoleEnvironment() {
        if (webhook == null) {
            return Map.of();
        }
        return Map.of("OPSPLANE_ALERTING_RECEIVERS_0_NAME", RECEIVER,
                "OPSPLANE_ALERTING_RECEIVERS_0_TYPE", "webhook",
                "OPSPLANE_ALERTING_RECEIVERS_0_URL", webhook.toString());
    }

    /** What the welcome text says about alerts, without the webhook's user or path (either may hold a token). */
    String describe() {
        return webhook == null ? "rules in " + rulesFile + "; GET /api/alerts (--alert-webhook URL sends them)"
                : "rules in " + rulesFile + "; sent to " + webhook.getScheme() + "://" + webhook.getHost()
                        + (webhook.getPort() < 0 ? "" : ":" + webhook.getPort()) + "/…";
    }

    private String host() {
        String host = webhook.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
