package io.opsplane.console.definition;

/** A saga definition that cannot be used; the message names the file, the line and the problem. */
public class DefinitionException extends RuntimeException {

    public DefinitionException(String message) {
        super(message);
    }
}
