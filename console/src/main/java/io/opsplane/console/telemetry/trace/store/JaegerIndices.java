package io.opsplane.console.telemetry.trace.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/** Jaeger's daily indices: {@code <prefix>-jaeger-span-YYYY-MM-DD} by span start (UTC), and the same for services. */
@Component
class JaegerIndices {

    /** Past this many days a read names the index pattern rather than every day's index. */
    private static final int MAX_LISTED_DAYS = 60;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final String spanBase;
    private final String serviceBase;
    private final String dependenciesBase;
    /** The day last written to, with its index names: nearly every span of a batch starts on the same day. */
    private volatile Day lastDay = new Day(Long.MIN_VALUE, null, null);

    private record Day(long number, String spanIndex, String serviceIndex) {
    }

    JaegerIndices(TraceSettings settings) {
        this.spanBase = settings.name("jaeger-span-");
        this.serviceBase = settings.name("jaeger-service-");
        this.dependenciesBase = settings.name("jaeger-dependencies-");
    }

    String spanIndex(long startMicros) {
        return dayOf(startMicros).spanIndex();
    }

    String serviceIndex(long startMicros) {
        return dayOf(startMicros).serviceIndex();
    }

    private Day dayOf(long startMicros) {
        long number = Math.floorDiv(startMicros, 86_400_000_000L);
        Day day = lastDay;
        if (day.number() != number) {
            String name = DAY.format(LocalDate.ofEpochDay(number));
            day = new Day(number, spanBase + name, serviceBase + name);
            lastDay = day;
        }
        return day;
    }

    /** The span indices that may hold spans started between the two instants, as one comma-separated target. */
    String spanTargets(Instant from, Instant to) {
        return targets(spanBase, from, to);
    }

    String serviceTargets(Instant from, Instant to) {
        return targets(serviceBase, from, to);
    }

    String allSpans() {
        return spanBase + "*";
    }

    String dependencies() {
        return dependenciesBase + "*";
    }

    private static String targets(String base, Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        if (last.isBefore(first) || first.plusDays(MAX_LISTED_DAYS).isBefore(last)) {
            return base + "*";
        }
        List<String> names = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            names.add(base + DAY.format(d));
        }
        return String.join(",", names);
    }
}
