package io.opsplane.console.ui.alerting;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.console.ui.kit.UserTime;

import static io.opsplane.console.ui.kit.Messages.t;

/** Small pieces of text the alerting pages share. */
final class Texts {

    private Texts() {
    }

    static Paragraph error(String text) {
        Paragraph paragraph = new Paragraph(text);
        paragraph.addClassName("opsplane-error");
        return paragraph;
    }

    /** "2026-11-24 10:15:30 (3 min ago)" in the user's zone, or "–". */
    static String when(Instant instant, Instant now) {
        return instant == null ? t("alerting.noTime") : t("alerting.when", UserTime.format(instant),
                UserTime.relative(instant, now));
    }

    /** Labels as {@code name="value"} chips, by name. */
    static Span labels(Map<String, String> labels) {
        return chips(new java.util.TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"").toList());
    }

    static Span chips(List<String> texts) {
        Span chips = new Span();
        chips.addClassName("opsplane-labels");
        texts.forEach(text -> {
            Span chip = new Span(text);
            chip.addClassName("opsplane-label");
            chips.add(chip);
        });
        return chips;
    }

    static String matchers(List<Matcher> matchers) {
        return matchers.stream().map(Matcher::toString).collect(Collectors.joining(", "));
    }

    /**
     * Matchers written one a line or separated by commas, as Alertmanager writes them
     * ({@code severity="critical"}, {@code step=~"charge-.*"}); commas inside quotes stay.
     */
    static List<Matcher> parseMatchers(String text) {
        List<Matcher> matchers = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : (text == null ? "" : text).toCharArray()) {
            if (c == '"' && (current.isEmpty() || current.charAt(current.length() - 1) != '\\')) {
                quoted = !quoted;
            }
            if (!quoted && (c == ',' || c == '\n')) {
                addMatcher(matchers, current);
            } else {
                current.append(c);
            }
        }
        addMatcher(matchers, current);
        return matchers;
    }

    private static void addMatcher(List<Matcher> matchers, StringBuilder text) {
        if (!text.toString().isBlank()) {
            matchers.add(Matcher.parse(text.toString()));
        }
        text.setLength(0);
    }

    /** "30m", "2h", "1d", "1h30m" or ISO-8601 ("PT2H"); a clear error otherwise. */
    static Duration parseDuration(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.isEmpty() || !value.matches("(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?")) {
                throw new IllegalArgumentException();
            }
            int d = value.indexOf('d');
            String days = d < 0 ? "" : value.substring(0, d + 1);
            String time = d < 0 ? value : value.substring(d + 1);
            return Duration.parse(("P" + days + (time.isEmpty() ? "" : "T" + time)).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(t("alerting.badDuration", text));
        }
    }

    /** What went wrong, as one line for the person who asked. */
    static String problem(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
