package io.opsplane.console.ui.kit;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.vaadin.flow.component.UI;
import io.opsplane.console.text.Explained;
import io.opsplane.console.text.Phrase;
import io.opsplane.console.text.Texts;

/**
 * The console's texts in the language of the current page, formatted by {@link Texts} from the bundles
 * {@code messages.properties} (English) and {@code messages_ko.properties} (Korean); features' sentences
 * ({@link Phrase}) too.
 */
public final class Messages {

    /** What the console speaks; the first one is the default for a browser that asks for none of them. */
    public static final List<Locale> LANGUAGES = Texts.LANGUAGES;

    private Messages() {
    }

    /** The text of {@code key} in the current page's language, its placeholders filled with {@code args}. */
    public static String t(String key, Object... args) {
        return format(locale(), key, args);
    }

    /** The text of {@code key} in {@code locale}; the key itself when no bundle has it, so it shows and is fixed. */
    public static String format(Locale locale, String key, Object... args) {
        return Texts.format(locale, key, args);
    }

    /** A feature's sentence in the current page's language. */
    public static String t(Phrase phrase) {
        return phrase == null ? "" : phrase.in(locale());
    }

    /** What a feature's exception says, in the current page's language when it can ({@link Explained}). */
    public static String message(Throwable e) {
        return e instanceof Explained explained ? t(explained.explanation()) : e.getMessage();
    }

    /** Whether a bundle has {@code key}. */
    public static boolean has(String key) {
        return Texts.has(key);
    }

    /**
     * The current page's language: the one {@link #speaking} set on this thread, else the current UI's; English
     * outside a page (tests without a UI).
     */
    public static Locale locale() {
        Locale spoken = SPOKEN.get();
        if (spoken != null) {
            return spoken;
        }
        UI ui = UI.getCurrent();
        return ui == null || ui.getLocale() == null ? Locale.ENGLISH : supported(ui.getLocale());
    }

    /**
     * Runs {@code work} with {@link #t} speaking {@code locale}: work done for a page off its UI thread (where
     * there is no current UI) takes the page's language, captured on the UI thread, with it.
     */
    public static <T> T speaking(Locale locale, Supplier<T> work) {
        Locale before = SPOKEN.get();
        SPOKEN.set(supported(locale));
        try {
            return work.get();
        } finally {
            if (before == null) {
                SPOKEN.remove();
            } else {
                SPOKEN.set(before);
            }
        }
    }

    /** {@link #speaking(Locale, Supplier)} for work that answers nothing. */
    public static void speaking(Locale locale, Runnable work) {
        speaking(locale, () -> {
            work.run();
            return null;
        });
    }

    /** The language {@link #speaking} set for this thread's work, if any. */
    private static final ThreadLocal<Locale> SPOKEN = new ThreadLocal<>();

    /** The supported language {@code locale} speaks (ko-KR → ko), or English. */
    public static Locale supported(Locale locale) {
        return Texts.supported(locale);
    }
}
