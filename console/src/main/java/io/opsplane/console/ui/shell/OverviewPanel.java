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

    String title();

    /** Whether the panel spans the page's whole width (charts do). */
    default boolean wide() {
        return false;
    }

    /** Reads what the panel shows; called off the UI thread at each refresh, so it may take a moment. */
    T load(Instant now);

    /** Shows what {@link #load} read; called with the UI locked, so it must not block. */
    Component render(T data, Instant now);
}
