package io.opsplane.console.definition;

/**
 * Where a key sits in an event: a JSON pointer into the event data, or a record header.
 * Exactly one of the two is set.
 */
public record KeyExtractor(String pointer, String header) {

    public static KeyExtractor pointer(String pointer) {
        return new KeyExtractor(pointer, null);
    }

    public static KeyExtractor header(String header) {
        return new KeyExtractor(null, header);
    }

    public String describe() {
        return pointer != null ? "field " + pointer : "header " + header;
    }
}
