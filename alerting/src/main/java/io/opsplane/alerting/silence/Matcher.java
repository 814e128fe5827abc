package io.opsplane.alerting.silence;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A label matcher as Alertmanager's: {@code name=value}, {@code name!=value}, {@code name=~regex},
 * {@code name!~regex}. Regular expressions must match the whole value; a missing label is the empty string.
 */
public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {

    private static final Pattern TEXT = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");
    /** Longer expressions are refused: a silence is written by a person, and a label value is short. */
    static final int MAX_REGEX = 512;
    /** Steps a regular expression may take on one label value before it is given up (no match). */
    static final long MAX_STEPS = 1_000_000;

    public Matcher {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a matcher needs a label name");
        }
        if (value == null) {
            throw new IllegalArgumentException("matcher on '" + name + "' needs a value (may be empty)");
        }
        if (isRegex) {
            if (value.length() > MAX_REGEX) {
                throw new IllegalArgumentException("matcher on '" + name + "': a regular expression of at most "
                        + MAX_REGEX + " characters, not " + value.length());
            }
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher on '" + name + "': '" + value
                        + "' is not a regular expression: " + e.getDescription());
            }
        }
    }

    /** Parses {@code name=value} (value optionally in double quotes) and the other three operators. */
    public static Matcher parse(String text) {
        java.util.regex.Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher such as severity=\"critical\", "
                    + "saga_type!=test, step=~\"charge-.*\" or service!~\"batch-.*\"");
        }
        String value = m.group(3);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        String op = m.group(2);
        return new Matcher(m.group(1), value, op.endsWith("~"), op.startsWith("="));
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        if (!isRegex) {
            return value.equals(actual) == isEqual;
        }
        try {
            return Pattern.compile(value).matcher(new Bounded(actual)).matches() == isEqual;
        } catch (Bounded.TooSlow e) {
            // an expression that backtracks without end matches nothing, rather than holding the evaluation
            return !isEqual;
        }
    }

    /** The label value, read by the regular expression engine with a budget of steps. */
    private static final class Bounded implements CharSequence {
        static final class TooSlow extends RuntimeException {
            TooSlow() {
                super(null, null, false, false);
            }
        }

        private final CharSequence text;
        private final long[] steps;

        Bounded(CharSequence text) {
            this(text, new long[1]);
        }

        private Bounded(CharSequence text, long[] steps) {
            this.text = text;
            this.steps = steps;
        }

        @Override
        public char charAt(int index) {
            if (++steps[0] > MAX_STEPS) {
                throw new TooSlow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.subSequence(start, end), steps);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @JsonIgnore
    boolean matchesEmpty() {
        return matches(Map.of());
    }

    @Override
    public String toString() {
        return name + (isEqual ? "" : "!") + (isRegex ? "~" : "=") + "\"" + value + "\"";
    }
}
