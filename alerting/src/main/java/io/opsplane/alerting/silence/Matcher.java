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

    public Matcher {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a matcher needs a label name");
        }
        if (value == null) {
            throw new IllegalArgumentException("matcher on '" + name + "' needs a value (may be empty)");
        }
        if (isRegex) {
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
        boolean hit = isRegex ? Pattern.compile(value).matcher(actual).matches() : value.equals(actual);
        return hit == isEqual;
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
