package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import org.springframework.core.annotation.Order;

/**
 * Everything that happened to the saga, in time order: its events, the time it waited at each step, the periods it
 * was stuck (with reason and length), the alerts about its type while it was stuck, and every operator action with
 * its reason and each command's outcome. The steps section says where a saga stands; this says how it got there,
 * which is what is left to read once a saga has ended.
 */
@org.springframework.stereotype.Component
@Order(11)
class HistorySection implements SagaDetailSection {

    /** What a line of the history is, as its {@code data-kind} says (tests and styles key on it). */
    enum Kind { EVENT, WAITED, STUCK, ALERT, ACTION, COMMAND }

    record Entry(Instant at, Kind kind, String text) {
    }

    private final SagaQueries sagas;
    private final OperatorActions actions;
    private final AlertingReads alerts;
    private final Masking masking;

    HistorySection(SagaQueries sagas, OperatorActions actions, AlertingReads alerts, Masking masking) {
        this.sagas = sagas;
        this.actions = actions;
        this.alerts = alerts;
        this.masking = masking;
    }

    @Override
    public String title() {
        return "History";
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
            return Widgets.problem("Could not read the saga's history: " + e.getMessage());
        }
        OrderedList list = new OrderedList();
        list.addClassName("opsplane-history");
        list.setId("saga-history");
        for (Entry entry : entries) {
            Span when = new Span(UserTime.format(entry.at()));
            when.addClassName("opsplane-muted");
            Span kind = new Span(entry.kind().name().toLowerCase(Locale.ROOT));
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
            entries.add(new Entry(event.eventTime(), Kind.EVENT, event.name() + eventMeaning(event) + " · from "
                    + event.topic()));
        }
        waits(detail, now, entries);
        List<Instant[]> stuckPeriods = new ArrayList<>();
        for (StuckMark mark : marks) {
            // stuck until the next event arrived after the mark, or until the saga ended
            Instant until = detail.events().stream().map(SagaDetail.Event::receivedAt)
                    .filter(received -> received.isAfter(mark.markedAt())).min(Comparator.naturalOrder())
                    .orElse(saga.endedAt());
            stuckPeriods.add(new Instant[] {mark.markedAt(), until == null ? now : until});
            entries.add(new Entry(mark.markedAt(), Kind.STUCK, "Stuck (" + words(mark.reason().name()) + ")"
                    + (mark.step() == null ? "" : " at " + mark.step()) + (until == null
                    ? ", still stuck after " + UserTime.duration(Duration.between(mark.markedAt(), now))
                    : " for " + UserTime.duration(Duration.between(mark.markedAt(), until)))));
        }
        for (AlertView alert : typeAlerts) {
            if (covers(alert, saga, marks, stuckPeriods, now)) {
                String summary = alert.annotations().getOrDefault("summary", "");
                entries.add(new Entry(alert.firedAt(), Kind.ALERT, "Alert " + alert.rule() + " fired"
                        + (summary.isBlank() ? "" : ": " + summary) + (alert.resolvedAt() == null ? "; still firing"
                        : "; resolved " + UserTime.format(alert.resolvedAt()))));
            }
        }
        for (OperatorAction action : actions) {
            actionEntries(action, entries);
        }
        if (saga.endedAt() != null) {
            entries.add(new Entry(saga.endedAt(), Kind.EVENT, "Ended " + words(saga.status().name())));
        }
        entries.sort(Comparator.comparing(Entry::at));
        return entries;
    }

    private static String eventMeaning(SagaDetail.Event event) {
        String step = event.step() == null ? "" : " " + event.step();
        return switch (event.kind()) {
            case "STARTED" -> ": saga started";
            case "STEP_DONE" -> ": step" + step + " done";
            case "STEP_FAILED" -> ": step" + step + " failed";
            case "COMPENSATING" -> ": compensation began";
            case "COMPENSATED" -> ": step" + step + " compensated";
            case "COMPLETED" -> ": saga completed";
            default -> "";
        };
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
                entries.add(new Entry(entered, Kind.WAITED, "Waited " + UserTime.duration(Duration.between(entered,
                        outcome)) + " at " + step.name() + " for " + step.expectedEvent() + " from " + step.service()
                        + (step.doneAt() != null ? "" : "; it failed")));
                entered = outcome;
                continue;
            }
            Instant from = entered;
            Instant left = detail.events().stream().map(SagaDetail.Event::eventTime).filter(t -> t.isAfter(from))
                    .min(Comparator.naturalOrder()).orElse(saga.endedAt());
            String text = left == null
                    ? "Waiting " + UserTime.duration(Duration.between(entered, now)) + " so far at " + step.name()
                    + " for " + step.expectedEvent() + " from " + step.service()
                    : "Waited " + UserTime.duration(Duration.between(entered, left)) + " at " + step.name() + " for "
                    + step.expectedEvent() + " from " + step.service() + ", which never came";
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
        String kind = words(action.kind().name()) + (action.step() == null ? "" : " " + action.step());
        entries.add(new Entry(action.requestedAt(), Kind.ACTION, capitalised(kind) + " requested by "
                + action.requestedBy() + (action.reason() == null || action.reason().isBlank() ? ""
                : ": \u201c" + action.reason() + "\u201d") + (action.bulkJobId() == null ? ""
                : " (bulk job " + action.bulkJobId() + ")")));
        if (action.approvedBy() != null && action.decidedAt() != null) {
            entries.add(new Entry(action.decidedAt(), Kind.ACTION, capitalised(kind) + " approved by "
                    + action.approvedBy()));
        }
        for (OperatorAction.Item item : action.items()) {
            if (item.sentAt() != null) {
                entries.add(new Entry(item.sentAt(), Kind.COMMAND, item.commandType() + " sent"
                        + (item.topic() != null ? " to " + item.topic() : item.url() != null ? " to " + item.url() : "")
                        + (item.expectedEvent() == null ? "" : ", " + item.expectedEvent() + " awaited")));
            }
            // an item keeps no time of its own outcome but its verification; otherwise its deadline or the action's end
            Instant outcomeAt = item.verifiedAt() != null ? item.verifiedAt() : item.deadline() != null
                    ? item.deadline() : action.finishedAt();
            if (outcomeAt != null && !List.of("SENT", "QUEUED", "WAITING").contains(item.state())) {
                entries.add(new Entry(outcomeAt, Kind.COMMAND, item.commandType() + " " + switch (item.state()) {
                    case "VERIFIED" -> "verified: " + item.expectedEvent() + " observed";
                    case "UNVERIFIED" -> "unverified: no " + item.expectedEvent() + " in time";
                    case "FAILED" -> "failed" + (item.error() == null ? "" : ": " + item.error());
                    default -> words(item.state());
                }));
            }
        }
        if (action.finishedAt() != null) {
            entries.add(new Entry(action.finishedAt(), Kind.ACTION, capitalised(kind) + " finished: "
                    + words(action.status().name()) + (action.outcome() == null ? "" : " (" + action.outcome() + ")")));
        }
    }

    private static String words(String constant) {
        return constant.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
