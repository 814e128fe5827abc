package io.opsplane.console.telemetry.log;

import java.util.List;
import java.util.Locale;

/** OpenTelemetry's severity ranges: each level covers four numbers (INFO is 9–12, INFO2 is 10, ...). */
enum Severity {
    TRACE(1), DEBUG(5), INFO(9), WARN(13), ERROR(17), FATAL(21);

    /** Levels for counting, including records that carry no severity number. */
    static final List<String> LEVEL_NAMES = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "UNSPECIFIED");

    final int lowest;

    Severity(int lowest) {
        this.lowest = lowest;
    }

    int highest() {
        return lowest + 3;
    }

    /** The level of a severity number, or null when it has none (0 or out of range). */
    static Severity of(int number) {
        if (number < 1 || number > 24) {
            return null;
        }
        return values()[(number - 1) / 4];
    }

    /** A minimum severity as given by a person: a number 1–24 or a level name such as WARN. */
    static int parseMinimum(String text) {
        String value = text.trim();
        try {
            int number = Integer.parseInt(value);
            if (number < 1 || number > 24) {
                throw new IllegalArgumentException("minSeverity must be a severity number 1–24 or one of "
                        + List.of(values()) + ", not " + number);
            }
            return number;
        } catch (NumberFormatException notANumber) {
            String name = value.toUpperCase(Locale.ROOT);
            for (Severity severity : values()) {
                if (severity.name().equals(name) || (severity == WARN && name.equals("WARNING"))) {
                    return severity.lowest;
                }
            }
            throw new IllegalArgumentException("minSeverity must be a severity number 1–24 or one of "
                    + List.of(values()) + ", not '" + text + "'");
        }
    }
}
