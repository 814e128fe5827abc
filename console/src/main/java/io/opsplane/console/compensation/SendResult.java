package io.opsplane.console.compensation;

/** What became of one attempt to deliver a command: sent, or failed (and whether trying again may help). */
record SendResult(boolean sent, boolean retryable, String error) {

    static final SendResult SENT = new SendResult(true, false, null);

    static SendResult retry(String error) {
        return new SendResult(false, true, error);
    }

    static SendResult refused(String error) {
        return new SendResult(false, false, error);
    }
}
