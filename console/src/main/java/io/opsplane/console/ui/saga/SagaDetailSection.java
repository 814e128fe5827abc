package io.opsplane.console.ui.saga;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import io.opsplane.console.saga.SagaDetail;

/**
 * One section of a saga's page below its summary. Every Spring bean of this type is shown, in
 * {@code @Order}: steps (10), history (11), the saga's traces (14) and logs (16), then its events (20).
 */
public interface SagaDetailSection {

    /** The section's heading, in the page's language ({@link io.opsplane.console.ui.kit.TitledPart} words it). */
    String title();

    /**
     * What the section shows of this saga, with payloads already masked for the user; called with
     * the UI locked when the page opens. Null leaves the section out for this saga.
     */
    Component render(SagaDetail saga, Instant now);
}
