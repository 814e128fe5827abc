package io.opsplane.console.web;

/** Free text people write into requests (reasons, comments): required or not, and at most {@value #MAX} characters. */
public final class FreeText {

    public static final int MAX = 2_000;

    private FreeText() {
    }

    /** The text, trimmed; an {@link IllegalArgumentException} naming {@code field} when it is too long. */
    public static String limited(String field, String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX) {
            throw new IllegalArgumentException("'" + field + "' must be at most " + MAX + " characters, not "
                    + trimmed.length());
        }
        return trimmed;
    }
}
