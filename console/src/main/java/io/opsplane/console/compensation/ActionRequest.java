package io.opsplane.console.compensation;

/**
 * A confirmed action: its kind, the step (for RETRY_STEP; the waiting step when left out), the reason (required)
 * and, optionally, the attempt its preview showed.
 */
public record ActionRequest(ActionKind kind, String step, String reason, Integer attempt) {
}
