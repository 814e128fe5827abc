package io.opsplane.console.ui.telemetry;

import java.util.function.Function;
import java.util.function.Supplier;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import io.opsplane.console.ui.kit.Background;
import io.opsplane.console.ui.kit.Widgets;

/**
 * What the saga page's telemetry sections (traces, logs) share: read from Elasticsearch after the page has
 * opened, and Elasticsearch's trouble said in the section's place ({@code id}-problem) while the saga's own data
 * stays live.
 */
final class SagaTelemetry {

    private SagaTelemetry() {
    }

    /**
     * The section {@code id}: {@code loading} until {@code read} answers, then {@code show} of the answer;
     * {@code unavailable} (a bundle key) and {@code what} word a failure.
     */
    static <T> Div section(String id, String loading, Supplier<T> read, Function<T, Component> show,
                           String unavailable, String what) {
        return Background.section(id, loading, read, show,
                failure -> Widgets.telemetryProblem(failure, unavailable, what));
    }
}
