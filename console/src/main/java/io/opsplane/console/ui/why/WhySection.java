package io.opsplane.console.ui.why;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kafka.KafkaView;
import io.opsplane.console.ui.kafka.LagTexts;
import io.opsplane.console.ui.kit.Background;
import io.opsplane.console.ui.kit.MaskedPart;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailSection;
import io.opsplane.console.ui.saga.SagaLinks;
import io.opsplane.console.ui.telemetry.TelemetryLinks;
import io.opsplane.console.why.StuckExplanation;
import io.opsplane.console.why.StuckExplanations;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.message;
import static io.opsplane.console.ui.kit.Messages.t;

/**
 * On a stuck saga's page, first: why it is not moving, as far as the signals tell. One sentence, then what it rests
 * on: the responsible service's consumer groups, the awaited event's topic, the service's warnings and errors around
 * the due time, its figures then against before, and the sagas waiting at the same step.
 */
@org.springframework.stereotype.Component
@Order(5)
class WhySection extends MaskedPart<StuckExplanations> implements SagaDetailSection {

    WhySection(StuckExplanations explanations, Masking masking) {
        super("why.title", explanations, masking);
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        if (saga.saga().status() != SagaStatus.STUCK) {
            return null;
        }
        return Background.section("why", t("why.loading"),
                // the page has read the saga already: only the other signals are read here
                () -> read(explanations -> explanations.explain(saga, Instant.now())),
                this::show, failure -> Widgets.problem(t("why.error", message(failure))));
    }

    private Component show(StuckExplanation why) {
        Instant now = Instant.now();
        Paragraph sentence = new Paragraph(t(why.reason()));
        sentence.setId("why-sentence");
        sentence.getStyle().set("font-weight", "600");
        Div shown = new Div(sentence);

        if (why.service() != null) {
            shown.add(new H4(t("why.groups.title", why.service())));
            if (why.groups().isEmpty()) {
                shown.add(Widgets.muted(t("why.groups.none", why.service())));
            } else {
                NativeTable groups = Widgets.table(t("why.groups.group"), t("why.groups.members"), t("why.groups.lag"));
                groups.setId("why-groups");
                for (GroupLag group : why.groups()) {
                    NativeTableRow row = Widgets.row(groups, new Anchor(KafkaView.location(group.group()), group.group()),
                            group.members(), LagTexts.summary(group, now));
                    row.getElement().setAttribute("data-group", group.group());
                }
                shown.add(groups);
            }
        }
        if (why.awaitedTopicName() != null) {
            shown.add(new H4(t("why.topic.title", why.awaitedEvent(), why.awaitedTopicName())));
            Paragraph topic = new Paragraph(why.awaitedTopic() == null || why.awaitedTopic().lastAppendAt() == null
                    ? t("why.topic.noSample")
                    : why.awaitedLastSeen() == null
                    ? t("why.topic.neverSeen", UserTime.relative(why.awaitedTopic().lastAppendAt(), now),
                    why.awaitedTopic().records(), why.sagaType(), why.awaitedEvent())
                    : t("why.topic.lastSeen", UserTime.relative(why.awaitedTopic().lastAppendAt(), now),
                    why.awaitedTopic().records(), why.sagaType(), why.awaitedEvent(),
                    UserTime.relative(why.awaitedLastSeen(), now)));
            topic.setId("why-topic");
            shown.add(topic);
        }
        shown.add(telemetry(why));
        if (why.step() != null) {
            Paragraph others = new Paragraph();
            others.setId("why-others");
            SagaFilter stuck = atStep(why, SagaStatus.STUCK);
            SagaFilter running = atStep(why, SagaStatus.RUNNING);
            others.add(Widgets.sentence("why.others", why.step(),
                    SagaLinks.listLink(t("why.others.stuck", why.othersStuck()), stuck),
                    SagaLinks.listLink(t("why.others.running", why.othersRunning()), running)));
            shown.add(others);
        }
        return shown;
    }

    private Component telemetry(StuckExplanation why) {
        Div shown = new Div();
        if (why.telemetryProblem() != null) {
            shown.add(Widgets.problem(t("why.telemetry.unavailable", why.telemetryProblem())));
            return shown;
        }
        if (why.telemetryName() == null) {
            if (why.service() != null) {
                shown.add(Widgets.muted(t("why.telemetry.noService", why.service())));
            }
            return shown;
        }
        if (why.change() != null) {
            TimeWindow window = TimeWindow.between(why.change().around().from(), why.change().around().to());
            shown.add(new H4(t("why.telemetry.title", why.telemetryName(), UserTime.time(window.start(Instant.now())),
                    UserTime.time(window.end(Instant.now())))));
            StuckExplanation.Figures before = why.change().before();
            StuckExplanation.Figures around = why.change().around();
            Paragraph figures = new Paragraph(t("why.telemetry.figures",
                    before.ratePerSecond(), around.ratePerSecond(), before.errorRatio() * 100, around.errorRatio() * 100,
                    before.p95Millis(), around.p95Millis()));
            figures.setId("why-figures");
            shown.add(figures);
            if (why.logs().isEmpty()) {
                shown.add(Widgets.muted(t("why.logs.none")));
            } else {
                NativeTable logs = Widgets.table(t("why.logs.level"), t("why.logs.lines"), t("why.logs.message"), t("why.logs.first"),
                        t("why.logs.last"));
                logs.setId("why-logs");
                for (StuckExplanation.LogGroup group : why.logs()) {
                    Span message = new Span(group.message());
                    message.getElement().setAttribute("title", group.example());
                    Widgets.row(logs, group.level(), group.count(), message, UserTime.time(group.first()),
                            UserTime.time(group.last()));
                }
                shown.add(logs, new Anchor(TelemetryLinks.warnings(why.telemetryName(), window),
                        t("why.logs.all", why.telemetryName())));
            }
        }
        return shown;
    }

    private static SagaFilter atStep(StuckExplanation why, SagaStatus status) {
        return new SagaFilter(why.sagaType(), status, null, null, null, null, null, null, null, null, null, null,
                why.step(), null);
    }
}
