package io.opsplane.console.ui.kit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The time range of a telemetry view as its URL carries it: either {@code lookback=1h} (the last hour,
 * whenever the link is opened) or {@code from}/{@code to} (ISO-8601, a fixed window, what an alert links
 * to). {@code to} alone means "the lookback before it".
 */
public record TimeWindow(Duration lookback, Instant from, Instant to) {

    /** What a telemetry page shows when its address names no window. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);

    public static final List<Duration> LOOKBACKS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24), Duration.ofDays(2), Duration.ofDays(7));

    public static TimeWindow last(Duration lookback) {
        return new TimeWindow(lookback, null, null);
    }

    public static TimeWindow between(Instant from, Instant to) {
        return new TimeWindow(null, from, to);
    }

    /**
     * The window a search form's fields choose: from {@code from} when it is set, otherwise the {@code lookback}
     * ({@link #DEFAULT_LOOKBACK} when none) before {@code to} or now.
     */
    public static TimeWindow chosen(Duration lookback, Instant from, Instant to) {
        return from != null ? between(from, to)
                : new TimeWindow(lookback == null ? DEFAULT_LOOKBACK : lookback, null, to);
    }

    public boolean fixed() {
        return from != null;
    }

    /** [from, to) as of {@code now}. */
    public Instant start(Instant now) {
        return from != null ? from : end(now).minus(lookback);
    }

    public Instant end(Instant now) {
        return to != null ? to : now;
    }

    public void putInto(Map<String, String> parameters) {
        if (from != null) {
            parameters.put("from", from.toString());
            if (to != null) {
                parameters.put("to", to.toString());
            }
        } else {
            parameters.put("lookback", Durations.format(lookback));
            if (to != null) {
                parameters.put("to", to.toString());
            }
        }
    }

    /** "last 1h" or "2026-11-24 10:00:00 – 11:00:00 (Europe/Zurich)", in the user's zone. */
    public String describe() {
        if (from == null) {
            return to == null ? Messages.t("window.last", Durations.format(lookback))
                    : Messages.t("window.lastBefore", Durations.format(lookback), UserTime.format(to));
        }
        return Messages.t("window.between", UserTime.format(from), to == null ? Messages.t("window.now")
                : UserTime.format(to), UserTime.zoneName());
    }

    /** Reads the window from a URL's parameters, reporting what it cannot read and falling back to {@code fallback}. */
    public static TimeWindow parse(QueryReader read, Duration fallback) {
        Duration lookback = read.value("lookback", Durations::parse, Messages.t("window.badLookback"));
        Instant from = read.value("from", Instant::parse, Messages.t("query.isoTime"));
        Instant to = read.value("to", Instant::parse, Messages.t("query.isoTime"));
        if (lookback != null && (lookback.isNegative() || lookback.isZero())) {
            read.problem(Messages.t("query.lookbackPositive"));
            lookback = null;
        }
        if (from != null && to != null && !from.isBefore(to)) {
            read.problem(Messages.t("query.fromBeforeTo"));
            from = null;
            to = null;
        }
        if (from != null) {
            return new TimeWindow(null, from, to);
        }
        return new TimeWindow(lookback == null ? fallback : lookback, null, to);
    }
}
