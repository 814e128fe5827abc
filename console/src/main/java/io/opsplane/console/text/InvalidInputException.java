package io.opsplane.console.text;

/**
 * Input a feature cannot take (a missing reason, a value out of range): an {@link IllegalArgumentException}, so
 * the REST API answers 400 with its English message, and a page says it in its own language.
 */
public class InvalidInputException extends IllegalArgumentException implements Explained {

    private final transient Phrase explanation;

    public InvalidInputException(Phrase explanation) {
        super(explanation.english());
        this.explanation = explanation;
    }

    @Override
    public Phrase explanation() {
        return explanation;
    }
}
