package io.opsplane.console.compensation;

/** The saga, action, policy or bulk job an operator names does not exist (a 404 problem at the API). */
public class UnknownTargetException extends RuntimeException {

    public UnknownTargetException(String message) {
        super(message);
    }
}
