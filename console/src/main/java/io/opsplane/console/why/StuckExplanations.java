package io.opsplane.console.why;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.opsplane.console.definition.EventMatcher;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.definition.ServiceNames;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicActivity;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.telemetry.log.LogEntry;
import io.opsplane.console.telemetry.log.LogQuery;
import io.opsplane.console.telemetry.log.LogSearch;
import io.opsplane.console.telemetry.trace.ServiceHealth;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.text.Phrase;
import io.opsplane.console.why.StuckExplanation.Figures;
import io.opsplane.console.why.StuckExplanation.LogGroup;
import io.opsplane.console.why.StuckExplanation.ServiceChange;
import org.springframework.stereotype.Service;

/**
 * Puts beside a saga that is not moving what the other signals say about the service it waits on: its consumer
 * groups' lag and progress, whether anything was published on the topic of the awaited event, its warnings and
 * errors and the change in its figures around the due time, and how many sagas wait at the same step. The first
 * line says in one sentence what stands out.
 */
@Service
public class StuckExplanations {

    /** Log lines from a little before the saga last moved, up to a few minutes after it was due. */
    static final Duration LEAD = Duration.ofMinutes(1);
    static final Duration AFTER_DUE = Duration.ofMinutes(5);
    static final Duration LONGEST_WINDOW = Duration.ofMinutes(30);
    /** The figures the window is compared with: the quarter of an hour before it. */
    static final Duration BEFORE = Duration.ofMinutes(15);
    /** Other sagas that got the awaited event are looked for among those started up to this long before this one. */
    static final Duration AWAITED_LOOK_BACK = Duration.ofMinutes(10);
    static final int LOG_LINES = 500;
    static final int LOG_GROUPS = 5;
    static final int WARN = 13;
    /** Ids, numbers and times differ from line to line of the same message. */
    private static final Pattern VARIABLE = Pattern.compile("\\S*\\d\\S*");

    private final SagaQueries sagas;
    private final SagaDefinitions definitions;
    private final ConsumerLag lag;
    private final LogSearch logs;
    private final Traces traces;

    StuckExplanations(SagaQueries sagas, SagaDefinitions definitions, ConsumerLag lag, LogSearch logs, Traces traces) {
        this.sagas = sagas;
        this.definitions = definitions;
        this.lag = lag;
        this.logs = logs;
        this.traces = traces;
    }

    /** Why the saga waits; empty when there is no such saga. */
    public Optional<StuckExplanation> explain(long sagaId, Instant now) {
        return sagas.find(sagaId).map(detail -> explain(detail, now));
    }

    /** Why the saga the caller has already read waits. */
    public StuckExplanation explain(SagaDetail detail, Instant now) {
        SagaSummary saga = detail.saga();
        String service = saga.responsibleService();
        String awaited = saga.nextEvent();
        String topic = topicOf(saga, awaited);
        Instant due = saga.stepDeadline() != null ? saga.stepDeadline()
                : saga.stuckSince() != null ? saga.stuckSince() : now;
        Instant lastMoved = saga.lastProgressAt() != null ? saga.lastProgressAt() : due;

        List<GroupLag> groups = service == null ? List.of() : lag.groups(now).stream()
                .filter(g -> ServiceNames.belongsTo(g.service(), service)).toList();
        TopicActivity activity = topic == null ? null : lag.activity(topic);
        Instant awaitedSeen = awaited == null ? null : sagas.lastEventTime(saga.type(), awaited,
                saga.startedAt().minus(stepTimeout(detail)));

        String telemetryName = null;
        List<LogGroup> logGroups = List.of();
        ServiceChange change = null;
        String telemetryProblem = null;
        if (service != null) {
            try {
                telemetryName = ServiceNames.find(traces.services(), service).orElse(null);
                if (telemetryName != null) {
                    Instant to = earliest(now, due.plus(AFTER_DUE));
                    Instant from = latest(lastMoved.minus(LEAD), to.minus(LONGEST_WINDOW));
                    if (from.isBefore(to)) {
                        logGroups = logGroups(telemetryName, from, to);
                        change = change(telemetryName, from, to);
                    }
                }
            } catch (TelemetryUnavailableException e) {
                telemetryProblem = e.getMessage();
            }
        }

        long othersStuck = 0;
        long othersRunning = 0;
        if (saga.currentStep() != null) {
            othersStuck = sagas.count(atStep(saga, SagaStatus.STUCK), now) - (saga.status() == SagaStatus.STUCK ? 1 : 0);
            othersRunning = sagas.count(runningAtStep(saga, now), now) - (saga.status() == SagaStatus.RUNNING ? 1 : 0);
        }
        Phrase sentence = sentence(saga, service, awaited, topic, groups, activity, awaitedSeen, lastMoved, logGroups,
                change, telemetryName, now);
        return new StuckExplanation(saga.id(), saga.type(), sentence, service, saga.currentStep(), awaited, topic, due, groups,
                activity, awaitedSeen, telemetryName, logGroups, change, telemetryProblem, Math.max(0, othersStuck),
                Math.max(0, othersRunning));
    }

    /**
     * What stands out, in order of how directly it explains the wait: a consumer group of the service that stopped,
     * or that nobody consumes for; the awaited event's topic silent since the saga last moved; the service's own
     * warnings; its errors rising. Otherwise it says what was looked at and found normal.
     */
    static Phrase sentence(SagaSummary saga, String service, String awaited, String topic, List<GroupLag> groups,
                           TopicActivity activity, Instant awaitedSeen, Instant lastMoved, List<LogGroup> logGroups, ServiceChange change,
                           String telemetryName, Instant now) {
        if (service == null) {
            return saga.stuckReason() == null ? Phrase.of("why.sentence.noService")
                    : Phrase.of("why.sentence.noService.reason", Phrase.of("stuckReason." + saga.stuckReason().name()));
        }
        for (GroupLag group : groups) {
            TopicLag worst = group.mostStalled(now);
            if (worst != null && worst.stalled(now)) {
                return Phrase.of(group.noActiveMembers() ? "why.sentence.stalled.noMembers" : "why.sentence.stalled",
                        service, group.group(), duration(worst.stalledFor(now)), worst.lag(), worst.topic());
            }
        }
        for (GroupLag group : groups) {
            TopicLag worst = group.mostStalled(now);
            if (worst != null && group.noActiveMembers()) {
                return Phrase.of("why.sentence.noActiveMembers", service, group.group(), worst.lag(), worst.topic());
            }
        }
        Phrase subject = groups.isEmpty() ? Phrase.of("why.sentence.subject", service)
                : Phrase.of(groups.stream().allMatch(g -> g.lag() == 0) ? "why.sentence.subject.caughtUp"
                : "why.sentence.subject.keepingUp", service, String.join(", ", groups.stream().map(GroupLag::group).toList()));
        if (topic != null && activity != null && activity.lastAppendAt() != null && activity.lastAppendAt().isBefore(lastMoved)) {
            return Phrase.of("why.sentence.silentTopic", subject, topic,
                    duration(Duration.between(activity.lastAppendAt(), now)), awaited);
        }
        // the topic is busy, but not with the awaited event: no saga that moved since got it either
        if (topic != null && (awaitedSeen == null || awaitedSeen.isBefore(lastMoved))) {
            return Phrase.of("why.sentence.noAwaited", subject, awaited, topic, awaitedSeen == null
                    ? Phrase.of("why.sentence.atLeast", duration(Duration.between(lastMoved, now)))
                    : duration(Duration.between(awaitedSeen, now)));
        }
        if (!logGroups.isEmpty()) {
            LogGroup most = logGroups.getFirst();
            return Phrase.of("why.sentence.logs", telemetryName, logGroups.stream().mapToLong(LogGroup::count).sum(),
                    most.count(), most.level(), most.message());
        }
        if (change != null && change.around().spans() > 0 && change.around().errorRatio() > 0.05
                && change.around().errorRatio() > 2 * change.before().errorRatio()) {
            return Phrase.of("why.sentence.errorRatio", telemetryName, change.before().errorRatio() * 100,
                    change.around().errorRatio() * 100);
        }
        Phrase consumers = groups.isEmpty() ? Phrase.of("why.clause.noGroup", service)
                : Phrase.of("why.clause.groupsMoving", service);
        Phrase telemetry = telemetryName == null ? Phrase.of("why.clause.noTraces")
                : Phrase.of("why.clause.noWarnings", telemetryName);
        if (topic == null) {
            return Phrase.of("why.sentence.nothing.noTopic", consumers, telemetry);
        }
        return Phrase.of("why.sentence.nothing", consumers, activity == null || activity.lastAppendAt() == null
                ? Phrase.of("why.clause.topicUnsampled", topic) : Phrase.of("why.clause.topicReceived", topic), telemetry);
    }

    /** How long the saga's current step may take, at most ten minutes: how far back other sagas are looked at. */
    private static Duration stepTimeout(SagaDetail detail) {
        return detail.steps().stream().filter(s -> s.name().equals(detail.saga().currentStep()) && s.timeout() != null)
                .map(SagaDetail.Step::timeout).findFirst().filter(t -> t.compareTo(AWAITED_LOOK_BACK) < 0)
                .orElse(AWAITED_LOOK_BACK);
    }

    private String topicOf(SagaSummary saga, String event) {
        SagaDefinition definition = definitions.version(saga.type(), saga.definitionVersion());
        if (definition == null || event == null) {
            return null;
        }
        return definition.events().getOrDefault(event, List.of()).stream().map(EventMatcher::topic).findFirst()
                .orElse(null);
    }

    private List<LogGroup> logGroups(String service, Instant from, Instant to) {
        List<LogEntry> lines = logs.search(new LogQuery(null, service, null, WARN, null, null, from, to), false, null,
                LOG_LINES).items();
        Map<String, List<LogEntry>> alike = new LinkedHashMap<>();
        for (LogEntry line : lines) {
            String body = line.body() == null ? "" : line.body();
            String message = VARIABLE.matcher(body.length() > 300 ? body.substring(0, 300) : body).replaceAll("…");
            alike.computeIfAbsent(line.level() + "\u0000" + message, k -> new ArrayList<>()).add(line);
        }
        List<LogGroup> groups = new ArrayList<>();
        alike.forEach((key, entries) -> {
            String[] parts = key.split("\u0000", 2);
            Instant first = entries.stream().map(LogEntry::timestamp).min(Comparator.naturalOrder()).orElse(null);
            Instant last = entries.stream().map(LogEntry::timestamp).max(Comparator.naturalOrder()).orElse(null);
            groups.add(new LogGroup(parts[0], parts[1], entries.getFirst().body(), entries.size(), first, last));
        });
        groups.sort(Comparator.comparingLong(LogGroup::count).reversed().thenComparing(LogGroup::message));
        return groups.subList(0, Math.min(LOG_GROUPS, groups.size()));
    }

    private ServiceChange change(String service, Instant from, Instant to) {
        Instant beforeFrom = from.minus(BEFORE);
        return new ServiceChange(figures(service, beforeFrom, from), figures(service, from, to));
    }

    private Figures figures(String service, Instant from, Instant to) {
        ServiceHealth health = traces.serviceHealth(from, to).stream().filter(h -> h.service().equals(service))
                .findFirst().orElse(null);
        return health == null ? new Figures(from, to, 0, 0, 0, 0)
                : new Figures(from, to, health.spans(), health.ratePerSecond(), health.errorRatio(), health.p95Millis());
    }

    /**
     * The sagas running at the saga's step. None started before its definition's deadline is still running (the
     * stuck scan has marked it), so the count reads only those started since, through the index on started_at,
     * rather than every running saga of the table.
     */
    private SagaFilter runningAtStep(SagaSummary saga, Instant now) {
        SagaFilter running = atStep(saga, SagaStatus.RUNNING);
        SagaDefinition definition = definitions.version(saga.type(), saga.definitionVersion());
        if (definition == null || definition.deadline() == null) {
            return running;
        }
        return new SagaFilter(running.type(), running.status(), null, null, null, null, null,
                now.minus(definition.deadline()), null, null, null, null, running.step(), null);
    }

    private static SagaFilter atStep(SagaSummary saga, SagaStatus status) {
        return new SagaFilter(saga.type(), status, null, null, null, null, null, null, null, null, null, null,
                saga.currentStep(), null);
    }

    private static Phrase duration(Duration duration) {
        long s = duration.toSeconds();
        return s < 120 ? Phrase.of("time.seconds", s) : s < 7200 ? Phrase.of("time.minutes", s / 60)
                : Phrase.of("time.hours", s / 3600);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
