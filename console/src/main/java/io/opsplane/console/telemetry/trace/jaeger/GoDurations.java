package io.opsplane.console.telemetry.trace.jaeger;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Jaeger UI writes them (Go's {@code time.ParseDuration}: {@code 1.2ms}, {@code 2s}, {@code 1h30m}). */
public final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDurations() {
    }

    public static long micros(String text, String parameter) {
        String s = text.trim();
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            BigDecimal unit = switch (m.group(2)) {
                case "ns" -> BigDecimal.ONE;
                case "us", "µs", "μs" -> BigDecimal.valueOf(1_000);
                case "ms" -> BigDecimal.valueOf(1_000_000);
                case "s" -> BigDecimal.valueOf(1_000_000_000);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                default -> BigDecimal.valueOf(3_600_000_000_000L);
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
            at = m.end();
        }
        if (at == 0 || at != s.length()) {
            throw new IllegalArgumentException("cannot parse " + parameter + " '" + text
                    + "': expected a duration such as 1.2ms, 500us, 2s or 1h30m");
        }
        BigDecimal micros = nanos.movePointLeft(3);
        // longValue() would wrap a huge duration into a negative or small one
        if (micros.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(parameter + " '" + text + "' is too long");
        }
        return micros.longValue();
    }
}
