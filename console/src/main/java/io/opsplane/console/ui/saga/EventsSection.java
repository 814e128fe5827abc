package io.opsplane.console.ui.saga;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Every event the saga received, in event time, each with where it came from and its payload. */
@org.springframework.stereotype.Component
@Order(20)
class EventsSection implements SagaDetailSection {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public String title() {
        return "Events";
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        if (saga.events().isEmpty()) {
            return Widgets.muted("No event stored for this saga.");
        }
        Div events = new Div();
        events.setId("saga-events");
        for (SagaDetail.Event event : saga.events()) {
            Span summary = new Span(UserTime.format(event.eventTime()) + " · " + event.name()
                    + (event.step() == null ? "" : " · step " + event.step()) + " · " + event.kind().toLowerCase(java.util.Locale.ROOT));
            Component origin = Widgets.muted("id " + event.eventId() + " · " + event.topic() + " / " + event.partition()
                    + " / " + event.offset() + " · received " + UserTime.format(event.receivedAt())
                    + (event.traceId() == null ? "" : " · trace " + event.traceId()));
            Pre payload = new Pre(event.payload() == null ? "(no payload)" : PRETTY.writeValueAsString(event.payload()));
            payload.addClassName("opsplane-payload");
            payload.getElement().setAttribute("data-event", event.name());
            Details details = new Details(summary, new Div(origin, payload));
            details.setOpened(true);
            events.add(details);
        }
        return events;
    }
}
