package io.opsplane.demo.command;

/**
 * A well-formed command the service cannot apply now (e.g. a re-publish request for an outcome that does not exist
 * yet): nothing is applied and its idempotency key stays free, so it may be sent again later. Logged and skipped
 * on the command topic, a 409 on {@code POST /commands}.
 */
public class CommandNotApplicableException extends RuntimeException {

    public CommandNotApplicableException(String message) {
        super(message);
    }
}
