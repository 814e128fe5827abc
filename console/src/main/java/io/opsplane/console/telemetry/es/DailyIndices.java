package io.opsplane.console.telemetry.es;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * A family of daily indices Opsplane writes, {@code <base><date>}: Jaeger's {@code jaeger-span-2026-12-04} or the
 * Collector's {@code logs-otel-2026.12.04}, each with the index prefix in its base. {@code kind} groups families kept
 * for the same time (spans, logs, dependencies). Retention deletes only names this family {@link #dateOf recognises}.
 */
public record DailyIndices(String kind, String base, String datePattern) {

    public DailyIndices {
        if (base.isEmpty() || base.contains("*") || base.contains(",")) {
            throw new IllegalArgumentException("not an index base: " + base);
        }
    }

    /** The wildcard pattern that lists the family (and possibly more: {@link #dateOf} decides). */
    public String pattern() {
        return base + "*";
    }

    /**
     * The day of the index named {@code name} when it is exactly this family's base followed by a valid date in its
     * format, else null: {@code jaeger-span-2026-12-04-restored} or {@code jaeger-span-2026-02-30} are not ours.
     */
    public LocalDate dateOf(String name) {
        if (!name.startsWith(base)) {
            return null;
        }
        String suffix = name.substring(base.length());
        if (suffix.length() != datePattern.length()) {
            return null;
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern(datePattern.replace('y', 'u'))
                .withResolverStyle(ResolverStyle.STRICT);
        try {
            LocalDate day = LocalDate.parse(suffix, format);
            return format.format(day).equals(suffix) ? day : null;
        } catch (DateTimeParseException notADay) {
            return null;
        }
    }
}
