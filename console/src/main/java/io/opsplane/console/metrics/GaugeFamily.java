package io.opsplane.console.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One gauge whose label sets come from data (saga types, steps, services, receivers). Each label set seen gets a
 * series and keeps it: when its rows are gone it reads {@code absent} (0, or NaN where 0 would be a claim), so a
 * graph or an alert sees it fall instead of vanish. The series are few by construction (the values come from the
 * saga definitions and the configuration), and at most {@code maxSeries} all the same: label sets beyond them are
 * added up under {@link #OTHER}. Label values are whatever the data holds; the registry escapes them on output.
 */
final class GaugeFamily {

    static final String OTHER = "(other)";

    private final String name;
    private final String description;
    private final String baseUnit;
    private final List<String> labels;
    private final double absent;
    private final int maxSeries;
    private final Runnable onRead;
    private final Map<List<String>, AtomicLong> series = new ConcurrentHashMap<>();
    private MeterRegistry registry;

    GaugeFamily(String name, String description, String baseUnit, double absent, int maxSeries, Runnable onRead,
                String... labels) {
        this.name = name;
        this.description = description;
        this.baseUnit = baseUnit;
        this.labels = List.of(labels);
        this.absent = absent;
        this.maxSeries = maxSeries;
        this.onRead = onRead;
    }

    /** Registers the family's series with {@code registry}, with the label sets known up front reading {@code absent}. */
    void bindTo(MeterRegistry registry, List<List<String>> known) {
        this.registry = registry;
        known.forEach(values -> seriesOf(values, absent));
    }

    /** The family's values now: every label set in {@code values}, and {@code absent} for every other one seen before. */
    synchronized void update(Map<List<String>, Double> values) {
        if (registry == null) {
            return;
        }
        Map<List<String>, Double> bounded = new HashMap<>();
        List<String> other = Collections.nCopies(labels.size(), OTHER);
        // one series is kept for (other), so the family never holds more than maxSeries
        int room = maxSeries - 1 - (series.size() - (series.containsKey(other) ? 1 : 0));
        for (Map.Entry<List<String>, Double> value : values.entrySet()) {
            List<String> key = value.getKey();
            if (!series.containsKey(key) && !key.equals(other)) {
                if (room > 0) {
                    room--;
                } else {
                    key = other;
                }
            }
            bounded.merge(key, value.getValue(), Double::sum);
        }
        for (List<String> key : new ArrayList<>(series.keySet())) {
            bounded.putIfAbsent(key, absent);
        }
        bounded.forEach(this::seriesOf);
    }

    private void seriesOf(List<String> values, double value) {
        if (values.size() != labels.size()) {
            throw new IllegalArgumentException(name + " has the labels " + labels + ", not the values " + values);
        }
        AtomicLong holder = series.computeIfAbsent(List.copyOf(values), key -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(value));
            Gauge.Builder<AtomicLong> gauge = Gauge.builder(name, bits, b -> {
                onRead.run();
                return Double.longBitsToDouble(b.get());
            }).description(description).baseUnit(baseUnit);
            for (int i = 0; i < labels.size(); i++) {
                gauge.tag(labels.get(i), key.get(i));
            }
            gauge.strongReference(true).register(registry);
            return bits;
        });
        holder.set(Double.doubleToLongBits(value));
    }
}
