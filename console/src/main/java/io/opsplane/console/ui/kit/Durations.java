package io.opsplane.console.ui.kit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them in the console and as its URLs carry them: "250ms", "1.5s", "15m", "2h",
 * "1d", "300us" (Jaeger UI's forms), or ISO-8601 ("PT15M").
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text.trim();
        Matcher shortForm = SHORT.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            BigDecimal amount = new BigDecimal(shortForm.group(1));
            long nanosPerUnit = switch (shortForm.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1_000;
                case "ms" -> 1_000_000;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact());
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a duration such as 250ms, 1.5s, 15m, 2h or 1d");
        }
    }

    /** The shortest of the forms {@link #parse} reads back to the same value, down to microseconds. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos != 0 && nanos % 86_400_000_000_000L == 0) {
            return nanos / 86_400_000_000_000L + "d";
        }
        if (nanos != 0 && nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos != 0 && nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos >= 1_000_000_000L && nanos % 1_000_000 == 0) {
            return BigDecimal.valueOf(nanos / 1_000_000, 3).stripTrailingZeros().toPlainString() + "s";
        }
        return BigDecimal.valueOf(nanos / 1000, 3).stripTrailingZeros().toPlainString() + "ms";
    }

    /** A span's or trace's length for reading: "850 µs", "12.3 ms", "4.21 s", "3 min 5 s". */
    public static String readable(long micros) {
        if (micros == 0) {
            return "0";
        }
        if (micros < 1_000) {
            return micros + " µs";
        }
        if (micros < 1_000_000) {
            return trim(micros / 1000.0, micros < 100_000 ? 2 : 1) + " ms";
        }
        if (micros < 60_000_000) {
            return trim(micros / 1_000_000.0, 2) + " s";
        }
        return UserTime.duration(Duration.ofNanos(micros * 1000));
    }

    private static String trim(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
