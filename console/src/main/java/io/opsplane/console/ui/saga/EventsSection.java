package io.opsplane.console.ui.saga;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.opsplane.console.ui.kit.Messages;

import static io.opsplane.console.ui.kit.Messages.t;

/** Every event the saga received, in event time, each with where it came from and its payload. */
@org.springframework.stereotype.Component
@Order(20)
class EventsSection extends TitledPart implements SagaDetailSection {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    EventsSection() {
        super("events.title");
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        if (saga.events().isEmpty()) {
            return Widgets.muted(t("events.none"));
        }
        Div events = new Div();
        events.setId("saga-events");
        for (SagaDetail.Event event : saga.events()) {
            String kind = Messages.has("events.kind." + event.kind()) ? t("events.kind." + event.kind())
                    : event.kind().toLowerCase(java.util.Locale.ROOT);
            Span summary = new Span(event.step() == null
                    ? t("events.summary", UserTime.format(event.eventTime()), event.name(), kind)
                    : t("events.summaryStep", UserTime.format(event.eventTime()), event.name(), kind, event.step()));
            Component origin = Widgets.muted(event.traceId() == null
                    ? t("events.origin", event.eventId(), event.topic(), String.valueOf(event.partition()),
                    String.valueOf(event.offset()), UserTime.format(event.receivedAt()))
                    : t("events.originTrace", event.eventId(), event.topic(), String.valueOf(event.partition()),
                    String.valueOf(event.offset()), UserTime.format(event.receivedAt()), event.traceId()));
            Pre payload = new Pre(event.payload() == null ? t("events.noPayload") : PRETTY.writeValueAsString(event.payload()));
            payload.addClassName("opsplane-payload");
            payload.getElement().setAttribute("data-event", event.name());
            Details details = new Details(summary, new Div(origin, payload));
            details.setOpened(true);
            events.add(details);
        }
        return events;
    }
}
