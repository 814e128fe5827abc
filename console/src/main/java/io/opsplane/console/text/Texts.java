package io.opsplane.console.text;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The one formatter of the console's texts, from the bundles {@code messages.properties} (English) and
 * {@code messages_ko.properties} (Korean). Every text goes through {@link MessageFormat}: data ({@code {0}}) is
 * filled in whole, never glued to translated fragments, and an apostrophe is written twice ({@code ''}) in every
 * bundle. A {@link Phrase} among the data is rendered in the same language first.
 */
public final class Texts {

    /** The bundles' base name, on the class path's root. */
    public static final String BUNDLE = "messages";
    /** What the console speaks; the first one is the default for a browser that asks for none of them. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.KOREAN);

    private Texts() {
    }

    /** The text of {@code key} in {@code locale}; the key itself when no bundle has it, so it shows and is fixed. */
    public static String format(Locale locale, String key, Object... args) {
        Locale language = supported(locale);
        String pattern = pattern(language, key);
        if (pattern == null) {
            return key;
        }
        Object[] filled = args == null ? new Object[0] : args.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] instanceof Phrase phrase) {
                filled[i] = format(language, phrase);
            }
        }
        return new MessageFormat(pattern, language).format(filled);
    }

    /** A phrase in {@code locale}. */
    public static String format(Locale locale, Phrase phrase) {
        if (phrase.key().equals(Phrase.ANY_OF)) {
            return anyOf(supported(locale), phrase.args());
        }
        if (phrase.key().equals(Phrase.JOINED) && !phrase.args().isEmpty()) {
            List<Object> items = phrase.args().subList(1, phrase.args().size());
            return String.join(format(locale, String.valueOf(phrase.args().getFirst())), words(supported(locale), items));
        }
        return format(locale, phrase.key(), phrase.args().toArray());
    }

    /** Whether a bundle has {@code key}. */
    public static boolean has(String key) {
        return pattern(Locale.ENGLISH, key) != null;
    }

    /** The supported language {@code locale} speaks (ko-KR → ko), or English. */
    public static Locale supported(Locale locale) {
        if (locale == null) {
            return Locale.ENGLISH;
        }
        return LANGUAGES.stream().filter(l -> l.getLanguage().equals(locale.getLanguage())).findFirst()
                .orElse(Locale.ENGLISH);
    }

    /** "a", "a or b", "a, b or c": the language's separator between all but the last two, its "or" before the last. */
    private static String anyOf(Locale locale, List<Object> items) {
        List<String> words = words(locale, items);
        if (words.isEmpty()) {
            return "";
        }
        if (words.size() == 1) {
            return words.getFirst();
        }
        String head = String.join(format(locale, "list.separator"), words.subList(0, words.size() - 1));
        return format(locale, Phrase.ANY_OF, head, words.getLast());
    }

    private static List<String> words(Locale locale, List<Object> items) {
        List<String> words = new ArrayList<>();
        for (Object item : items) {
            words.add(item instanceof Phrase phrase ? format(locale, phrase) : String.valueOf(item));
        }
        return words;
    }

    private static String pattern(Locale language, String key) {
        try {
            return ResourceBundle.getBundle(BUNDLE, language, NO_FALLBACK_TO_SYSTEM).getString(key);
        } catch (MissingResourceException e) {
            return null;
        }
    }

    /**
     * English is the base bundle: without this, a JVM whose default locale is Korean would answer an
     * English page from the Korean bundle.
     */
    private static final ResourceBundle.Control NO_FALLBACK_TO_SYSTEM =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
}
