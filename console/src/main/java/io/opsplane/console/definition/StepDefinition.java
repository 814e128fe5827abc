package io.opsplane.console.definition;

import java.time.Duration;

/**
 * One expected step of a saga: who does it, which events close it, the command that asks its service to do
 * it (optional), the command an operator's "retry step" sends (optional; the step's command when left out, e.g.
 * a request to publish the step's outcome again when its event was lost), and how to undo it.
 */
public record StepDefinition(
        String name,
        String service,
        Duration timeout,
        String completedBy,
        String failedBy,
        Command command,
        Command retry,
        Compensation compensation) {

    public boolean compensable() {
        return compensation != null;
    }

    /** What "retry step" sends: the step's own retry command, else its command; null when it has neither. */
    public Command retryCommand() {
        return retry != null ? retry : command;
    }

    /** A command Opsplane may send to the step's service: its type, and a Kafka topic or an HTTP URL (exactly one). */
    public record Command(String type, String topic, String url) {
    }

    /**
     * How the step is undone. {@code inCase}: the command may also be sent while the step's completion never arrived
     * (the service did the work but its event was lost, or it did nothing); the service then answers the
     * compensation event whether there was anything to undo or not.
     */
    public record Compensation(String commandType, String topic, String url, String completedBy, Duration timeout,
                               boolean inCase) {
    }
}
