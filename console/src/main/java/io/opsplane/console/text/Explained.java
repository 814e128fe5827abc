package io.opsplane.console.text;

/** A feature's exception whose message a page shows in its own language; {@code getMessage()} stays English. */
public interface Explained {

    /** What went wrong, in words for any language. */
    Phrase explanation();
}
