package io.opsplane.console.web;

/** A request parameter the API will not take; a 400 naming the parameter and why. */
public class BadParameterException extends IllegalArgumentException {

    public BadParameterException(String parameter, String why) {
        super("parameter '" + parameter + "' " + why);
    }
}
