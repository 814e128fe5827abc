package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Span;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.console.compensation.OperatorAction;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.saga.StuckMark;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.Messages;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.message;
import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Everything that happened to the saga, in time order: its events, the time it waited at each step, the periods it
 * was stuck (with reason and length), the alerts about its type while it was stuck, and every operator action with
 * its reason and each command's outcome. The steps section says where a saga stands; this says how it got there,
 * which is what is left to read once a saga has ended.
 */
@org.springframework.stereotype.Component
@Order(11)
class HistorySection extends TitledPart implements SagaDetailSection {

    /** What a line of the history is, as its {@code data-kind} says (tests and styles key on it). */
    enum Kind { EVENT, WAITED, STUCK, ALERT, ACTION, COMMAND }

    record Entry(Instant at, Kind kind, String text) {
    }

    private final SagaQueries sagas;
    private final OperatorActions actions;
    private final AlertingReads alerts;
    private final Masking masking;

    HistorySection(SagaQueries sagas, OperatorActions actions, AlertingReads alerts, Masking masking) {
        super("history.title");
        this.sagas = sagas;
        this.actions = actions;
        this.alerts = alerts;
        this.masking = masking;
    }

    @Override
    public Component render(SagaDetail detail, Instant now) {
        long id = detail.saga().id();
        List<Entry> entries;
        try {
            // reasons and alert texts are free text people and rules wrote: masked for a viewer like payloads
            entries = entries(detail, sagas.stuckMarks(id), masking.forCurrentUser(actions.forSaga(id)),
                    masking.forCurrentUser(alerts.sagaTypeAlerts(detail.saga().type(), detail.saga().startedAt(),
                            end(detail.saga(), now))), now);
        } catch (RuntimeException e) {
            return Widgets.problem(t("history.error", message(e)));
        }
        OrderedList list = new OrderedList();
        list.addClassName("opsplane-history");
        list.setId("saga-history");
        for (Entry entry : entries) {
            Span when = new Span(UserTime.format(entry.at()));
            when.addClassName("opsplane-muted");
            Span kind = new Span(t("history.kind.entry." + entry.kind().name()));
            kind.addClassName("history-kind");
            ListItem item = new ListItem(when, kind, new Span(entry.text()));
            item.getElement().setAttribute("data-kind", entry.kind().name());
            list.add(item);
        }
        return list;
    }

    private static Instant end(SagaSummary saga, Instant now) {
        return saga.endedAt() != null ? saga.endedAt() : now;
    }

    /** The history's lines, oldest first; lines at the same moment keep the order they were added in. */
    static List<Entry> entries(SagaDetail detail, List<StuckMark> marks, List<OperatorAction> actions,
                               List<AlertView> typeAlerts, Instant now) {
        SagaSummary saga = detail.saga();
        List<Entry> entries = new ArrayList<>();
        for (SagaDetail.Event event : detail.events()) {
            entries.add(new Entry(event.eventTime(), Kind.EVENT, eventMeaning(event)));
        }
        waits(detail, now, entries);
        List<Instant[]> stuckPeriods = new ArrayList<>();
        for (StuckMark mark : marks) {
            // stuck until the next event arrived after the mark, or until the saga ended
            Instant until = detail.events().stream().map(SagaDetail.Event::receivedAt)
                    .filter(received -> received.isAfter(mark.markedAt())).min(Comparator.naturalOrder())
                    .orElse(saga.endedAt());
            stuckPeriods.add(new Instant[] {mark.markedAt(), until == null ? now : until});
            String reason = t("stuckReason." + mark.reason().name());
            String still = until == null ? UserTime.duration(Duration.between(mark.markedAt(), now)) : null;
            String lasted = until == null ? null : UserTime.duration(Duration.between(mark.markedAt(), until));
            entries.add(new Entry(mark.markedAt(), Kind.STUCK, mark.step() == null
                    ? (still != null ? t("history.stuck.still", reason, still) : t("history.stuck.for", reason, lasted))
                    : still != null ? t("history.stuckAt.still", reason, mark.step(), still)
                    : t("history.stuckAt.for", reason, mark.step(), lasted)));
        }
        for (AlertView alert : typeAlerts) {
            if (covers(alert, saga, marks, stuckPeriods, now)) {
                String summary = alert.summary(Messages.locale());
                String resolved = alert.resolvedAt() == null ? null : UserTime.format(alert.resolvedAt());
                entries.add(new Entry(alert.firedAt(), Kind.ALERT, summary.isBlank()
                        ? (resolved == null ? t("history.alert.firing", alert.rule())
                        : t("history.alert.resolved", alert.rule(), resolved))
                        : resolved == null ? t("history.alert.firingSummary", alert.rule(), summary)
                        : t("history.alert.resolvedSummary", alert.rule(), summary, resolved)));
            }
        }
        for (OperatorAction action : actions) {
            actionEntries(action, entries);
        }
        if (saga.endedAt() != null) {
            entries.add(new Entry(saga.endedAt(), Kind.EVENT, t("history.ended", Widgets.statusText(saga.status()))));
        }
        entries.sort(Comparator.comparing(Entry::at));
        return entries;
    }

    /** "PaymentCompleted: step charge-payment done · from payments". */
    private static String eventMeaning(SagaDetail.Event event) {
        String key = "history.event." + event.kind();
        if (event.step() == null && Messages.has(key + ".noStep")) {
            key += ".noStep";
        }
        return Messages.has(key) ? t(key, event.name(), event.step(), event.topic())
                : t("history.event", event.name(), event.topic());
    }

    /**
     * How long the saga waited at each step it reached: from the previous step's end (or the start) to the step's
     * own outcome, or, for the step it never got past, to the first later event or the saga's end, or now.
     */
    private static void waits(SagaDetail detail, Instant now, List<Entry> entries) {
        SagaSummary saga = detail.saga();
        Instant entered = saga.startedAt();
        for (SagaDetail.Step step : detail.steps()) {
            Instant outcome = step.doneAt() != null ? step.doneAt() : step.failedAt();
            if (outcome != null) {
                entries.add(new Entry(entered, Kind.WAITED, t(step.doneAt() != null ? "history.waited" : "history.waitedFailed",
                        UserTime.duration(Duration.between(entered, outcome)), step.name(), step.expectedEvent(),
                        step.service())));
                entered = outcome;
                continue;
            }
            Instant from = entered;
            Instant left = detail.events().stream().map(SagaDetail.Event::eventTime).filter(t -> t.isAfter(from))
                    .min(Comparator.naturalOrder()).orElse(saga.endedAt());
            String text = left == null
                    ? t("history.waiting", UserTime.duration(Duration.between(entered, now)), step.name(),
                    step.expectedEvent(), step.service())
                    : t("history.waitedNeverCame", UserTime.duration(Duration.between(entered, left)), step.name(),
                    step.expectedEvent(), step.service());
            entries.add(new Entry(entered, Kind.WAITED, text));
            return;
        }
    }

    /**
     * An alert about the saga's type covers the saga when it fired while the saga was stuck and its step and reason
     * labels, where it has them, are the saga's; or when it names the saga among its examples.
     */
    private static boolean covers(AlertView alert, SagaSummary saga, List<StuckMark> marks, List<Instant[]> periods,
                                  Instant now) {
        if (alert.samples().contains(saga.correlationKey())) {
            return true;
        }
        Instant resolved = alert.resolvedAt() == null ? now : alert.resolvedAt();
        for (int i = 0; i < marks.size(); i++) {
            StuckMark mark = marks.get(i);
            Instant[] period = periods.get(i);
            boolean overlaps = !alert.firedAt().isAfter(period[1]) && !resolved.isBefore(period[0]);
            String step = alert.labels().get("step");
            String reason = alert.labels().get("reason");
            if (overlaps && (step == null || step.equals(mark.step()))
                    && (reason == null || reason.equals(mark.reason().name()))) {
                return true;
            }
        }
        return false;
    }

    private static void actionEntries(OperatorAction action, List<Entry> entries) {
        String kind = action.step() == null ? t("history.kind." + action.kind().name())
                : t("history.kind.step", t("history.kind." + action.kind().name()), action.step());
        boolean reason = action.reason() != null && !action.reason().isBlank();
        String job = action.bulkJobId() == null ? null : String.valueOf(action.bulkJobId());
        entries.add(new Entry(action.requestedAt(), Kind.ACTION, reason
                ? (job == null ? t("history.action.requestedWhy", kind, action.requestedBy(), action.reason())
                : t("history.action.requestedWhyBulk", kind, action.requestedBy(), action.reason(), job))
                : job == null ? t("history.action.requested", kind, action.requestedBy())
                : t("history.action.requestedBulk", kind, action.requestedBy(), job)));
        if (action.approvedBy() != null && action.decidedAt() != null) {
            entries.add(new Entry(action.decidedAt(), Kind.ACTION, t("history.action.approved", kind,
                    action.approvedBy())));
        }
        for (OperatorAction.Item item : action.items()) {
            if (item.sentAt() != null) {
                String to = item.topic() != null ? item.topic() : item.url();
                entries.add(new Entry(item.sentAt(), Kind.COMMAND, to == null
                        ? (item.expectedEvent() == null ? t("history.command.sent", item.commandType())
                        : t("history.command.sentAwaited", item.commandType(), item.expectedEvent()))
                        : item.expectedEvent() == null ? t("history.command.sentTo", item.commandType(), to)
                        : t("history.command.sentToAwaited", item.commandType(), to, item.expectedEvent())));
            }
            // an item keeps no time of its own outcome but its verification; otherwise its deadline or the action's end
            Instant outcomeAt = item.verifiedAt() != null ? item.verifiedAt() : item.deadline() != null
                    ? item.deadline() : action.finishedAt();
            if (outcomeAt != null && !List.of("SENT", "QUEUED", "WAITING").contains(item.state())) {
                entries.add(new Entry(outcomeAt, Kind.COMMAND, switch (item.state()) {
                    case "VERIFIED" -> t("history.command.verified", item.commandType(), item.expectedEvent());
                    case "UNVERIFIED" -> t("history.command.unverified", item.commandType(), item.expectedEvent());
                    case "FAILED" -> item.error() == null ? t("history.command.failed", item.commandType())
                            : t("history.command.failedWhy", item.commandType(), item.error());
                    default -> t("history.command.other", item.commandType(), Widgets.statusText(item.state()));
                }));
            }
        }
        if (action.finishedAt() != null) {
            String status = Widgets.statusText(action.status());
            entries.add(new Entry(action.finishedAt(), Kind.ACTION, action.outcome() == null
                    ? t("history.action.finished", kind, status)
                    : t("history.action.finishedOutcome", kind, status, action.outcome())));
        }
    }
}
