package io.opsplane.console.compensation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.StepDefinition;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.text.Phrase;

/**
 * Which commands an action on a saga sends, and whether the saga's state allows it at all. A pure function of
 * the saga as read and its definition: previews, dry runs and decisions all plan through here.
 */
final class ActionPlanner {

    /** What a plan expects of the saga to call a command's outcome arrived. */
    static final String EXPECTS_COMPENSATED = "STEP_COMPENSATED";
    static final String EXPECTS_DONE = "STEP_DONE";

    record Plan(String step, List<Phrase> problems, List<PlannedCommand> commands, List<String> expects) {
        boolean allowed() {
            return problems.isEmpty();
        }
    }

    private final String source;
    private final Duration defaultTimeout;

    ActionPlanner(String source, Duration defaultTimeout) {
        this.source = source;
        this.defaultTimeout = defaultTimeout;
    }

    Plan plan(SagaDetail detail, SagaDefinition definition, ActionKind kind, String requestedStep, int attempt,
              Instant now) {
        SagaSummary saga = detail.saga();
        List<Phrase> problems = new ArrayList<>();
        List<PlannedCommand> commands = new ArrayList<>();
        List<String> expects = new ArrayList<>();
        if (definition == null) {
            problems.add(Phrase.of("action.problem.definitionGone", saga.type(), String.valueOf(saga.definitionVersion())));
            return new Plan(stepOf(kind, requestedStep, saga), problems, commands, expects);
        }
        switch (kind) {
            case COMPENSATE -> {
                if (saga.status() != SagaStatus.STUCK && saga.status() != SagaStatus.FAILED) {
                    problems.add(Phrase.of("action.problem.notStuckOrFailed", id(saga), saga.status().name()));
                }
                List<StepDefinition> steps = definition.steps();
                int seq = 0;
                // latest first: each undo may rely on the later steps being undone already
                for (int i = steps.size() - 1; i >= 0; i--) {
                    StepDefinition step = steps.get(i);
                    SagaDetail.Step state = detail.steps().get(i);
                    if (step.compensable() && state.doneAt() != null && state.compensatedAt() == null) {
                        StepDefinition.Compensation c = step.compensation();
                        commands.add(command(++seq, saga, definition, step.name(), c.commandType(), c.topic(), c.url(),
                                kind, attempt, c.completedBy(), definition.compensationTimeoutOf(step), now, null));
                        expects.add(EXPECTS_COMPENSATED);
                    } else if (step.compensable() && step.compensation().inCase() && waitedOn(state, saga)) {
                        // the step's outcome is unknown: its service may have done the work and lost the event
                        StepDefinition.Compensation c = step.compensation();
                        commands.add(command(++seq, saga, definition, step.name(), c.commandType(), c.topic(), c.url(),
                                kind, attempt, c.completedBy(), definition.compensationTimeoutOf(step), now,
                                Phrase.of("action.note.inCase", step.completedBy(), step.service(), step.name(),
                                        c.completedBy())));
                        expects.add(EXPECTS_COMPENSATED);
                    }
                }
                if (commands.isEmpty()) {
                    problems.add(Phrase.of("action.problem.nothingToCompensate", id(saga), steps.stream()
                            .filter(StepDefinition::compensable).map(StepDefinition::name).toList().toString()));
                }
            }
            case RETRY_STEP -> {
                String stepName = stepOf(kind, requestedStep, saga);
                StepDefinition step = stepName == null ? null : definition.step(stepName);
                if (stepName == null) {
                    problems.add(Phrase.of("action.problem.noStepToRetry", id(saga)));
                } else if (step == null) {
                    problems.add(Phrase.of("action.problem.noSuchStep", saga.type(), stepName));
                } else {
                    if (saga.status() != SagaStatus.STUCK || saga.stuckReason() == StuckReason.FAILED_NOT_COMPENSATED) {
                        problems.add(saga.stuckReason() == null
                                ? Phrase.of("action.problem.notWaiting", id(saga), saga.status().name())
                                : Phrase.of("action.problem.notWaiting.reason", id(saga), saga.status().name(),
                                saga.stuckReason().name()));
                    }
                    if (!stepName.equals(saga.currentStep()) || saga.nextEvent() == null
                            || !saga.nextEvent().equals(step.completedBy())) {
                        problems.add(saga.currentStep() == null
                                ? Phrase.of("action.problem.otherStep", id(saga), stepName)
                                : Phrase.of("action.problem.otherStep.waits", id(saga), stepName, saga.currentStep(),
                                saga.nextEvent()));
                    }
                    StepDefinition.Command retry = step.retryCommand();
                    if (retry == null) {
                        problems.add(noRetryCommand(saga.type(), step));
                    } else {
                        commands.add(command(1, saga, definition, stepName, retry.type(), retry.topic(), retry.url(),
                                kind, attempt, step.completedBy(), definition.timeoutOf(step), now, null));
                        expects.add(EXPECTS_DONE);
                    }
                }
            }
            case RESOLVE -> {
                if (saga.status().terminal()) {
                    problems.add(Phrase.of("action.problem.ended", id(saga), saga.status().name()));
                }
            }
        }
        return new Plan(stepOf(kind, requestedStep, saga), problems, commands, expects);
    }

    /** Why Retry cannot apply to a step, whatever the saga's state: its definition names nothing to send. */
    static Phrase noRetryCommand(String sagaType, StepDefinition step) {
        return Phrase.of("action.problem.noRetryCommand", step.name(), sagaType);
    }

    /** A saga's id as data: a name, not a number to group in thousands. */
    static String id(SagaSummary saga) {
        return String.valueOf(saga.id());
    }

    /** Whether the saga stopped at {@code state}'s step without its outcome: reached, but neither done nor failed. */
    private static boolean waitedOn(SagaDetail.Step state, SagaSummary saga) {
        return state.doneAt() == null && state.failedAt() == null && state.compensatedAt() == null
                && state.name().equals(saga.currentStep());
    }

    /** The step an action is about: the requested or the waiting one for a retry, none ("") for the others. */
    static String stepOf(ActionKind kind, String requestedStep, SagaSummary saga) {
        if (kind != ActionKind.RETRY_STEP) {
            return "";
        }
        return requestedStep != null && !requestedStep.isBlank() ? requestedStep.trim() : saga.currentStep();
    }

    private PlannedCommand command(int seq, SagaSummary saga, SagaDefinition definition, String step, String type,
                                   String topic, String url, ActionKind kind, int attempt, String expectedEvent,
                                   Duration timeout, Instant now, Phrase note) {
        return new PlannedCommand(seq, step, type, topic, url, CommandEnvelope.idempotencyKey(saga, step, kind, attempt),
                expectedEvent, timeout != null ? timeout : defaultTimeout,
                CommandEnvelope.build(source, saga, definition, step, type, kind, attempt, expectedEvent, now), note);
    }
}
