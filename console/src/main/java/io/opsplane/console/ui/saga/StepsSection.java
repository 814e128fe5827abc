package io.opsplane.console.ui.saga;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/** The steps as the saga's definition declares them, each with its state: done, failed, compensated, waiting, not reached. */
@org.springframework.stereotype.Component
@Order(10)
class StepsSection extends TitledPart implements SagaDetailSection {

    StepsSection() {
        super("steps.title");
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        if (saga.steps().isEmpty()) {
            return Widgets.muted(t("steps.noDefinition", saga.saga().type(),
                    String.valueOf(saga.saga().definitionVersion())));
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
        return switch (step.state()) {
            case DONE -> t("steps.done", UserTime.format(step.doneAt()), step.service(), step.expectedEvent());
            case FAILED -> t(step.compensable() ? "steps.failed" : "steps.failedNoCompensation",
                    UserTime.format(step.failedAt()), step.service(), step.expectedEvent());
            case COMPENSATED -> t("steps.compensated", UserTime.format(step.compensatedAt()),
                    UserTime.format(step.doneAt()));
            case COMPENSATING -> t("steps.compensating", step.service());
            case WAITING -> t("steps.waiting", UserTime.duration(java.time.Duration.between(
                    SagaDetailView.waitingSince(saga.saga(), step), now)), step.expectedEvent(), step.service(),
                    UserTime.duration(step.timeout()));
            case NOT_REACHED -> !saga.saga().status().terminal()
                    ? t("steps.notReachedYet", step.service(), step.expectedEvent())
                    : waitedAtLast(step, saga) ? t("steps.neverCame", step.expectedEvent(), step.service(),
                    Widgets.statusText(saga.saga().status())) : t("steps.notReached");
        };
    }
}
