package io.opsplane.console.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A sentence a feature says and a page shows in its own language: a key of the bundles and the data filled into
 * it. Features cannot reach the console's pages, so they hand over the key and the data rather than English words;
 * the page renders it in its language, the REST API and the logs in English. An argument is data as it is (names,
 * keys, counts) or a nested phrase, rendered in the same language. Its JSON form ({@code key}, {@code args}) reads
 * back into a phrase, so a record holding one may pass through masking.
 */
public record Phrase(String key, List<Object> args) {

    /** The key of {@link #anyOf}: items joined as alternatives ("a, b or c"). */
    static final String ANY_OF = "list.or";
    /** The key of {@link #joined}: items one after the other; the first argument is the separator's key. */
    static final String JOINED = "list.joined";

    public Phrase {
        Objects.requireNonNull(key, "key");
        List<Object> copy = new ArrayList<>();
        if (args != null) {
            args.forEach(arg -> copy.add(revived(arg)));
        }
        // data may be missing (null): it shows as such, as String concatenation would have shown it
        args = Collections.unmodifiableList(copy);
    }

    /** The sentence of {@code key} with {@code args} filled in. */
    public static Phrase of(String key, Object... args) {
        return new Phrase(key, args == null ? List.of() : java.util.Arrays.asList(args));
    }

    /** Alternatives in words: "alice", "alice or bob", "alice, bob or carol" (and the language's own joints). */
    public static Phrase anyOf(List<?> items) {
        return new Phrase(ANY_OF, new ArrayList<>(items));
    }

    /** Items one after the other, with the language's separator of {@code separatorKey} ("list.separator": ", "). */
    public static Phrase joined(String separatorKey, List<?> items) {
        List<Object> args = new ArrayList<>();
        args.add(separatorKey);
        args.addAll(items);
        return new Phrase(JOINED, args);
    }

    /** In the language of {@code locale} (English for any language the console does not speak). */
    public String in(Locale locale) {
        return Texts.format(locale, this);
    }

    /** In English: for the REST API, the audit log and the application log. */
    public String english() {
        return in(Locale.ENGLISH);
    }

    @Override
    public String toString() {
        return english();
    }

    /** A phrase read back from its JSON form is a map of key and args. */
    private static Object revived(Object arg) {
        if (arg instanceof Map<?, ?> map && map.get("key") instanceof String key && map.size() == 2
                && map.containsKey("args") && (map.get("args") == null || map.get("args") instanceof List<?>)) {
            @SuppressWarnings("unchecked")
            List<Object> args = (List<Object>) map.get("args");
            return new Phrase(key, args);
        }
        return arg;
    }
}
