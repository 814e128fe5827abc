package io.opsplane.console.definition;

import java.time.Duration;

/** One expected step of a saga: who does it, which events close it, and how to undo it. */
public record StepDefinition(
        String name,
        String service,
        Duration timeout,
        String completedBy,
        String failedBy,
        Compensation compensation) {

    public boolean compensable() {
        return compensation != null;
    }

    /** The command that undoes a step, and the event that proves it was undone. */
    public record Compensation(String commandType, String topic, String url, String completedBy, Duration timeout) {
    }
}
