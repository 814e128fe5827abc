package io.opsplane.console.compensation;

/** What an operator does to one saga. */
public enum ActionKind {
    /** Undo every completed compensable step, latest first, each after the previous one's outcome arrived. */
    COMPENSATE,
    /** Send the waiting step's command again. */
    RETRY_STEP,
    /** Close the saga by hand, with a reason, for a case fixed outside; sends nothing. */
    RESOLVE;

    /** The word in idempotency keys: compensate, retry-step, resolve. */
    public String keyWord() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
