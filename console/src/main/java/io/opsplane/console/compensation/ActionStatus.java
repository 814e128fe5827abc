package io.opsplane.console.compensation;

import java.util.Set;

/** Where an operator action stands. */
public enum ActionStatus {
    /** Waits for a second operator (four-eyes) before anything is sent. */
    PENDING_APPROVAL,
    /** Commands are being sent, or their outcome events awaited. */
    IN_PROGRESS,
    /** Every command's outcome event arrived. */
    VERIFIED,
    /** A command was sent but its outcome event did not arrive within its timeout. */
    UNVERIFIED,
    /** A command could not be delivered, or the saga no longer allowed the action when it was approved. */
    FAILED,
    /** The saga was closed by hand. */
    RESOLVED,
    /** The approver refused it; nothing was sent. */
    REJECTED;

    /** The statuses after which the same action may be tried again as a new attempt. */
    public static final Set<ActionStatus> RETRYABLE = Set.of(UNVERIFIED, FAILED, REJECTED);

    public boolean finished() {
        return this != PENDING_APPROVAL && this != IN_PROGRESS;
    }
}
