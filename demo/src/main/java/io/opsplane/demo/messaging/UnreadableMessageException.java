package io.opsplane.demo.messaging;

/** A record or request that is not an event or command this shop can read: logged and skipped, or a 400. */
public class UnreadableMessageException extends RuntimeException {

    public UnreadableMessageException(String message) {
        super(message);
    }
}
