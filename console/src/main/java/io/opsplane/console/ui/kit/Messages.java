package io.opsplane.console.ui.kit;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import com.vaadin.flow.component.UI;

/**
 * The console's texts, from the bundles {@code messages.properties} (English) and
 * {@code messages_ko.properties} (Korean), in the language of the current page. Every text goes
 * through {@link MessageFormat}: data ({@code {0}}) is filled in whole, never glued to translated
 * fragments, and an apostrophe is written twice ({@code ''}) in every bundle.
 */
public final class Messages {

    /** The bundles' base name, on the class path's root. */
    public static final String BUNDLE = "messages";
    /** What the console speaks; the first one is the default for a browser that asks for none of them. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.KOREAN);

    private Messages() {
    }

    /** The text of {@code key} in the current page's language, its placeholders filled with {@code args}. */
    public static String t(String key, Object... args) {
        return format(locale(), key, args);
    }

    /** The text of {@code key} in {@code locale}; the key itself when no bundle has it, so it shows and is fixed. */
    public static String format(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, supported(locale), NO_FALLBACK_TO_SYSTEM).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return new MessageFormat(pattern, supported(locale)).format(args == null ? new Object[0] : args);
    }

    /** Whether a bundle has {@code key}. */
    public static boolean has(String key) {
        return ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, NO_FALLBACK_TO_SYSTEM).containsKey(key);
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
        if (locale == null) {
            return Locale.ENGLISH;
        }
        return LANGUAGES.stream().filter(l -> l.getLanguage().equals(locale.getLanguage())).findFirst()
                .orElse(Locale.ENGLISH);
    }

    /**
     * English is the base bundle: without this, a JVM whose default locale is Korean would answer an
     * English page from the Korean bundle.
     */
    private static final ResourceBundle.Control NO_FALLBACK_TO_SYSTEM =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
}
