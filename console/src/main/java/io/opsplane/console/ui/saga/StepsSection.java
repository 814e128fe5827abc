package io.opsplane.console.ui.saga;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import org.springframework.core.annotation.Order;

/** The steps as the saga's definition declares them, each with its state: done, failed, compensated, waiting, not reached. */
@org.springframework.stereotype.Component
@Order(10)
class StepsSection implements SagaDetailSection {

    @Override
    public String title() {
        return "Steps";
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        if (saga.steps().isEmpty()) {
            return Widgets.muted("The definition of " + saga.saga().type() + " version "
                    + saga.saga().definitionVersion() + " is no longer loaded, so its steps cannot be shown.");
        }
        OrderedList timeline = new OrderedList();
        timeline.addClassName("opsplane-timeline");
        timeline.setId("saga-steps");
        int number = 0;
        for (SagaDetail.Step step : saga.steps()) {
            number++;
            Span no = new Span(String.valueOf(number));
            no.addClassName("step-no");
            Span name = new Span(step.name());
            name.getElement().getStyle().set("font-weight", "600");
            ListItem item = new ListItem(no, name, Widgets.status(step.state()), new Span(describe(step, saga, now)));
            item.getElement().setAttribute("data-step", step.name());
            item.getElement().setAttribute("data-state", step.state().name());
            timeline.add(item);
        }
        return timeline;
    }

    /** Whether {@code step} is the first step without an outcome: where an ended saga stopped moving forward. */
    private static boolean waitedAtLast(SagaDetail.Step step, SagaDetail saga) {
        return saga.steps().stream().filter(s -> s.doneAt() == null && s.failedAt() == null).findFirst()
                .map(first -> first.name().equals(step.name())).orElse(false);
    }

    private static String describe(SagaDetail.Step step, SagaDetail saga, Instant now) {
        String by = "by " + step.service() + ", on " + step.expectedEvent();
        return switch (step.state()) {
            case DONE -> "done " + UserTime.format(step.doneAt()) + " " + by;
            case FAILED -> "failed " + UserTime.format(step.failedAt()) + " " + by
                    + (step.compensable() ? "" : "; this step has no compensation");
            case COMPENSATED -> "compensated " + UserTime.format(step.compensatedAt()) + " (done "
                    + UserTime.format(step.doneAt()) + ")";
            case COMPENSATING -> "compensation awaited from " + step.service();
            case WAITING -> "waiting " + UserTime.duration(java.time.Duration.between(
                    SagaDetailView.waitingSince(saga.saga(), step), now)) + " for " + step.expectedEvent() + " from "
                    + step.service() + " (timeout " + UserTime.duration(step.timeout()) + ")";
            case NOT_REACHED -> !saga.saga().status().terminal()
                    ? "not reached; " + step.service() + " will be asked, " + step.expectedEvent() + " expected"
                    : waitedAtLast(step, saga) ? "the saga waited here for " + step.expectedEvent() + " from "
                    + step.service() + ", which never came; it ended " + saga.saga().status().name()
                    .toLowerCase(java.util.Locale.ROOT) + " (see History)" : "not reached";
        };
    }
}
