package io.opsplane.console.ui.kit;

/**
 * A part of a page shown under its own heading (a section of a saga's page, a panel of the overview): it names the
 * heading's bundle key once, and the heading is worded in the page's language each time it is shown.
 */
public abstract class TitledPart {

    private final String titleKey;
    private final Object[] titleArguments;

    /** {@code titleKey}: the bundle key of the heading, filled with {@code titleArguments}. */
    protected TitledPart(String titleKey, Object... titleArguments) {
        this.titleKey = titleKey;
        this.titleArguments = titleArguments.clone();
    }

    public String title() {
        return Messages.t(titleKey, titleArguments);
    }
}
