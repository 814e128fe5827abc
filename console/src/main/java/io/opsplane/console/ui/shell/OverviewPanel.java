package io.opsplane.console.ui.shell;

import java.time.Instant;

import com.vaadin.flow.component.Component;

/**
 * One panel of the overview. Every Spring bean of this type is shown, in {@code @Order}, and
 * refreshed with the page: the saga panels are built in; the telemetry work adds its own (services
 * with rate, error ratio and p95) as another bean, without touching the view.
 *
 * @param <T> what the panel reads at each refresh
 */
public interface OverviewPanel<T> {

    /** The panel's heading, in the page's language ({@link io.opsplane.console.ui.kit.TitledPart} words it). */
    String title();

    /** Whether the panel spans the page's whole width (charts do). */
    default boolean wide() {
        return false;
    }

    /** Reads what the panel shows; called off the UI thread at each refresh, so it may take a moment. */
    T load(Instant now);

    /**
     * Whether the panel narrows what it shows to the overview's namespace/environment ({@link #load(Instant,
     * OverviewScope)}); a panel that does not is marked as showing everything while the overview is narrowed.
     */
    default boolean scoped() {
        return false;
    }

    /** Reads what the panel shows within {@code scope}; a panel that is not {@link #scoped} reads everything. */
    default T load(Instant now, OverviewScope scope) {
        return load(now);
    }

    /** Shows what {@link #load} read; called with the UI locked, so it must not block. */
    Component render(T data, Instant now);
}
