package io.opsplane.alerting.notify;

/** A receiver or route configuration that cannot be used; the message names the setting. */
public class ReceiverException extends RuntimeException {

    public ReceiverException(String message) {
        super(message);
    }
}
