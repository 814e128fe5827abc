package io.opsplane.console.compensation;

/** Who started an action: an operator on one saga, a bulk job, or an automatic policy. */
public enum Origin {
    MANUAL, BULK, POLICY
}
