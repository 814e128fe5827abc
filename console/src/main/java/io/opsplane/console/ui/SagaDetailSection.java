package io.opsplane.console.ui;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import io.opsplane.console.saga.SagaDetail;

/**
 * One section of a saga's page below its summary. Every Spring bean of this type is shown, in
 * {@code @Order}: the steps and the events are built in; the telemetry work adds "Traces" and
 * "Logs" as further beans (a saga's {@code traceIds} lead to them) without changing the view.
 */
public interface SagaDetailSection {

    String title();

    /**
     * What the section shows of this saga, with payloads already masked for the user; called with
     * the UI locked when the page opens. Null leaves the section out for this saga.
     */
    Component render(SagaDetail saga, Instant now);
}
