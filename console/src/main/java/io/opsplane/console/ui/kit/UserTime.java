package io.opsplane.console.ui.kit;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.UI;

/**
 * Times as the person at the screen reads them: in the browser's time zone (Vaadin's extended
 * client details), UTC until the browser has said which.
 */
public final class UserTime {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private UserTime() {
    }

    public static ZoneId zone() {
        UI ui = UI.getCurrent();
        String id = ui == null ? null : ui.getPage().getExtendedClientDetails().getTimeZoneId();
        if (id == null || id.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException unknown) {
            return ZoneOffset.UTC;
        }
    }

    /** {@code instant} as the user's wall-clock time, for a date-time field; null stays null. */
    public static LocalDateTime local(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, zone());
    }

    /** A date-time field's wall-clock value, read in the user's zone; null stays null. */
    public static Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(zone()).toInstant();
    }

    /** "2026-11-24 10:15:30", or "–" for no time. */
    public static String format(Instant instant) {
        return instant == null ? "–" : DATE_TIME.format(instant.atZone(zone()));
    }

    /** "2026-11-24 10:15:30.123", for log lines. */
    public static String precise(Instant instant) {
        return instant == null ? "–" : PRECISE.format(instant.atZone(zone()));
    }

    /** "10:15:30". */
    public static String time(Instant instant) {
        return instant == null ? "–" : TIME.format(instant.atZone(zone()));
    }

    /** "3 min ago", "in 2 h 5 min" (or "3분 전", "2시간 5분 후"), in the page's language. */
    public static String relative(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        Duration between = Duration.between(instant, now);
        return between.isNegative() ? Messages.t("time.in", duration(between.negated()))
                : Messages.t("time.ago", duration(between));
    }

    /** "42 s", "12 min", "3 h 5 min", "2 d 4 h" (or "42초", "3시간 5분"…), in the page's language. */
    public static String duration(Duration duration) {
        long seconds = Math.abs(duration.toSeconds());
        if (seconds < 60) {
            return Messages.t("time.seconds", seconds);
        }
        if (seconds < 3600) {
            return Messages.t("time.minutes", seconds / 60);
        }
        if (seconds < 86_400) {
            long minutes = seconds / 60 % 60;
            return minutes == 0 ? Messages.t("time.hours", seconds / 3600)
                    : Messages.t("time.hoursMinutes", seconds / 3600, minutes);
        }
        long hours = seconds / 3600 % 24;
        return hours == 0 ? Messages.t("time.days", seconds / 86_400)
                : Messages.t("time.daysHours", seconds / 86_400, hours);
    }

    /** "15min", "3h5min", "2d4h": a duration as the console's fields read it back, in any language. */
    public static String typed(Duration duration) {
        long seconds = Math.abs(duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "min";
        }
        if (seconds < 86_400) {
            long minutes = seconds / 60 % 60;
            return seconds / 3600 + "h" + (minutes == 0 ? "" : minutes + "min");
        }
        long hours = seconds / 3600 % 24;
        return seconds / 86_400 + "d" + (hours == 0 ? "" : hours + "h");
    }

    /** The zone's id, to say once per page which zone the times are in. */
    public static String zoneName() {
        return zone().getId();
    }
}
