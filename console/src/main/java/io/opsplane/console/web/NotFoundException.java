package io.opsplane.console.web;

/** A resource the request names does not exist; answered as a 404 problem. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
