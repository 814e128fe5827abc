package io.opsplane.console.compensation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaStore;
import io.opsplane.console.text.InvalidInputException;
import io.opsplane.console.text.Phrase;
import io.opsplane.console.web.FreeText;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Operator actions on one saga: preview, dry run, confirmation (decision, commands into the outbox and the audit
 * entry in one transaction), four-eyes approval. Whether an action is new or a repeat of one already decided is
 * settled by the database (the action's natural key, saga + kind + step + attempt, is unique), never in memory,
 * so a second click, a second operator or a second console instance gets the first action back.
 */
@Service
public class OperatorActions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SagaQueries sagas;
    private final SagaStore sagaStore;
    private final SagaDefinitions definitions;
    private final ActionStore store;
    private final AuditLog audit;
    private final CompensationSettings settings;
    private final DestinationChecks destinations;
    private final OutboxRelay relay;
    private final TransactionTemplate transaction;
    private final ActionPlanner planner;

    OperatorActions(SagaQueries sagas, SagaStore sagaStore, SagaDefinitions definitions, ActionStore store,
                    AuditLog audit, CompensationSettings settings, DestinationChecks destinations, OutboxRelay relay,
                    TransactionTemplate transaction, CompensationProperties properties) {
        this.sagas = sagas;
        this.sagaStore = sagaStore;
        this.definitions = definitions;
        this.store = store;
        this.audit = audit;
        this.settings = settings;
        this.destinations = destinations;
        this.relay = relay;
        this.transaction = transaction;
        this.planner = new ActionPlanner(properties.source(), properties.defaultOutcomeTimeout());
    }

    /** What the action would do now, and whether the saga allows it. */
    public ActionPreview preview(long sagaId, ActionKind kind, String step) {
        SagaDetail detail = saga(sagaId);
        SagaDefinition definition = definitions.version(detail.saga().type(), detail.saga().definitionVersion());
        String stepKey = ActionPlanner.stepOf(kind, step, detail.saga());
        int attempt = nextAttempt(sagaId, kind, stepKey == null ? "" : stepKey);
        ActionPlanner.Plan plan = planner.plan(detail, definition, kind, step, attempt, Instant.now());
        List<Phrase> problems = new ArrayList<>(plan.problems());
        store.openOn(sagaId).ifPresent(open -> problems.add(Phrase.of("action.problem.open", String.valueOf(open),
                String.valueOf(sagaId))));
        return new ActionPreview(sagaId, detail.saga().type(), detail.saga().correlationKey(), detail.saga().status(),
                kind, stepKey, attempt, problems.isEmpty(), List.copyOf(problems), plan.commands(),
                settings.current().needsApproval(1));
    }

    /** The preview, validated without sending: the saga's state, the commands' definitions and destinations. */
    public DryRun dryRun(long sagaId, ActionKind kind, String step) {
        ActionPreview preview = preview(sagaId, kind, step);
        List<DryRun.Check> checks = new ArrayList<>();
        checks.add(new DryRun.Check(Phrase.of("action.check.sagaState"), preview.allowed(), preview.allowed()
                ? Phrase.of("action.check.sagaState.ok", String.valueOf(sagaId), preview.sagaStatus().name(), kind.name())
                : Phrase.joined("list.semicolon", preview.reasons())));
        if (kind != ActionKind.RESOLVE) {
            checks.add(new DryRun.Check(Phrase.of("action.check.commands"), !preview.commands().isEmpty(),
                    preview.commands().isEmpty() ? Phrase.of("action.check.commands.none")
                    : Phrase.of("action.check.commands.some", preview.commands().size(), preview.commands().stream()
                    .map(c -> c.commandType() + " → " + c.destination()).toList().toString())));
        }
        for (PlannedCommand command : preview.commands()) {
            checks.add(destinations.check(command));
        }
        checks.add(new DryRun.Check(Phrase.of("action.check.approval"), true, Phrase.of(preview.needsApproval()
                ? "action.check.approval.needed" : "action.check.approval.none")));
        return new DryRun(preview, List.copyOf(checks), checks.stream().allMatch(DryRun.Check::ok));
    }

    /** An operator's confirmation of an action on one saga; refused with the reasons when the saga does not allow it. */
    @PreAuthorize("hasRole('OPERATOR')")
    public Decision confirm(long sagaId, ActionRequest request, String actor) {
        if (request.kind() == null) {
            throw new InvalidInputException(Phrase.of("action.input.kind"));
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw new InvalidInputException(Phrase.of("action.input.reason"));
        }
        FreeText.limited("reason", request.reason());
        boolean needsApproval = settings.current().needsApproval(1);
        Outcome outcome = transaction.execute(tx -> decide(sagaId, request, actor, Origin.MANUAL, null, null,
                needsApproval));
        if (outcome.refusal() != null) {
            throw new ActionRefusedException(outcome.refusal());
        }
        return outcome.decision();
    }

    /**
     * What became of a decision: the action (new or the one already decided), or why none was made. A bulk job
     * or a policy records the refusal as the saga's result and goes on.
     */
    public record Outcome(Decision decision, List<Phrase> refusal) {
    }

    /**
     * Decides an action in the caller's transaction: for bulk jobs and policies (which have approved, or not
     * needed, approval as a whole) and for {@link #confirm}.
     */
    public Outcome decide(long sagaId, ActionRequest request, String actor, Origin origin, Long bulkJobId,
                          Long policyId, boolean needsApproval) {
        Optional<SagaDetail> found = sagas.find(sagaId);
        if (found.isEmpty()) {
            throw new UnknownTargetException("no saga with id " + sagaId);
        }
        SagaDetail detail = found.get();
        Instant now = Instant.now();
        String step = ActionPlanner.stepOf(request.kind(), request.step(), detail.saga());
        String stepKey = step == null ? "" : step;
        int attempt = nextAttempt(sagaId, request.kind(), stepKey);
        if (request.attempt() != null && request.attempt() < attempt) {
            // confirmed from an older preview: that preview's action is the answer
            Optional<Long> earlier = store.byNaturalKey(sagaId, request.kind(), stepKey, request.attempt());
            if (earlier.isPresent()) {
                return new Outcome(new Decision(store.find(earlier.get()).orElseThrow(), false), null);
            }
        }
        Optional<Long> same = store.byNaturalKey(sagaId, request.kind(), stepKey, attempt);
        if (same.isPresent()) {
            return new Outcome(new Decision(store.find(same.get()).orElseThrow(), false), null);
        }
        SagaDefinition definition = definitions.version(detail.saga().type(), detail.saga().definitionVersion());
        ActionPlanner.Plan plan = planner.plan(detail, definition, request.kind(), request.step(), attempt, now);
        if (!plan.allowed()) {
            return new Outcome(null, plan.problems());
        }
        Optional<Long> inserted = store.insert(sagaId, detail.saga().type(), detail.saga().correlationKey(),
                request.kind(), stepKey, attempt, needsApproval ? ActionStatus.PENDING_APPROVAL : ActionStatus.IN_PROGRESS,
                origin, bulkJobId, policyId, actor, request.reason().trim(), now);
        if (inserted.isEmpty()) {
            // another confirmation won the race: its action is the answer, or another open action blocks this one
            Optional<Long> winner = store.byNaturalKey(sagaId, request.kind(), stepKey, attempt);
            if (winner.isPresent()) {
                return new Outcome(new Decision(store.find(winner.get()).orElseThrow(), false), null);
            }
            Optional<Long> open = store.openOn(sagaId);
            return new Outcome(null, List.of(Phrase.of("action.problem.open.mustFinish",
                    open.map(String::valueOf).orElse("?"), String.valueOf(sagaId))));
        }
        long actionId = inserted.get();
        for (int i = 0; i < plan.commands().size(); i++) {
            store.insertItem(actionId, sagaId, plan.commands().get(i), plan.expects().get(i));
        }
        audit.entry(actor, AuditActions.ACTION_REQUESTED).saga(sagaId, detail.saga().type()).action(actionId)
                .bulkJob(bulkJobId).policy(policyId).reason(request.reason().trim()).commands(commands(plan.commands()))
                .outcome(needsApproval ? "awaiting approval by a second operator" : "decided: " + describe(request.kind(),
                        plan.commands()))
                .record();
        if (!needsApproval) {
            start(actionId, null, now);
        }
        return new Outcome(new Decision(store.find(actionId).orElseThrow(), true), null);
    }

    /** A second operator approves a pending action (four-eyes); it then runs. */
    @PreAuthorize("hasRole('OPERATOR')")
    public OperatorAction approve(long actionId, String approver) {
        return transaction.execute(tx -> {
            OperatorAction action = pending(actionId, approver);
            SagaDetail detail = saga(action.sagaId());
            Instant now = Instant.now();
            store.approveAs(actionId, approver);
            audit.entry(approver, AuditActions.ACTION_APPROVED).saga(action.sagaId(), action.sagaType()).action(actionId)
                    .outcome("approved; requested by " + action.requestedBy()).record();
            // the saga may have moved on while the action waited
            SagaDefinition definition = definitions.version(detail.saga().type(), detail.saga().definitionVersion());
            ActionPlanner.Plan replanned = planner.plan(detail, definition, action.kind(), action.step(), action.attempt(), now);
            if (!replanned.allowed()) {
                String why = "not sent: " + String.join("; ", replanned.problems().stream().map(Phrase::english).toList());
                store.finish(actionId, ActionStatus.FAILED, why, now);
                audit.entry("opsplane", AuditActions.ACTION_FAILED).saga(action.sagaId(), action.sagaType())
                        .action(actionId).outcome(why).record();
            } else {
                start(actionId, approver, now);
            }
            return store.find(actionId).orElseThrow();
        });
    }

    /** A second operator refuses a pending action; nothing is sent. */
    @PreAuthorize("hasRole('OPERATOR')")
    public OperatorAction reject(long actionId, String approver, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException(Phrase.of("action.input.reason.short"));
        }
        FreeText.limited("reason", reason);
        return transaction.execute(tx -> {
            OperatorAction action = pending(actionId, approver);
            Instant now = Instant.now();
            store.approveAs(actionId, approver);
            store.finish(actionId, ActionStatus.REJECTED, "rejected by " + approver + ": " + reason.trim(), now);
            audit.entry(approver, AuditActions.ACTION_REJECTED).saga(action.sagaId(), action.sagaType()).action(actionId)
                    .reason(reason.trim()).outcome("rejected; nothing was sent").record();
            return store.find(actionId).orElseThrow();
        });
    }

    /**
     * Gives up an action whose command is waiting for a destination that may not come back (a service retired,
     * a topic deleted): its undelivered commands are taken out of the outbox and the action ends FAILED, audited
     * with the reason, so the saga is free for another action. Cancelling again answers the cancelled action;
     * an action with nothing undelivered (sent, or finished) is refused.
     */
    public OperatorAction cancelUndelivered(long actionId, String operator, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException(Phrase.of("action.input.reason.short"));
        }
        FreeText.limited("reason", reason);
        return transaction.execute(tx -> {
            OperatorAction action = store.lock(actionId)
                    .orElseThrow(() -> new UnknownTargetException("no action with id " + actionId));
            if (action.status() == ActionStatus.FAILED && action.outcome() != null
                    && action.outcome().startsWith("cancelled by ")) {
                return store.find(actionId).orElseThrow();
            }
            if (action.status() != ActionStatus.IN_PROGRESS) {
                throw new ActionRefusedException(Phrase.of("action.problem.notCancellable", String.valueOf(actionId),
                        action.status().name()));
            }
            String why = "cancelled by " + operator + " before delivery: " + reason.trim();
            if (store.cancelUndelivered(actionId, why) == 0) {
                throw new ActionRefusedException(Phrase.of("action.problem.nothingUndelivered", String.valueOf(actionId)));
            }
            store.finish(actionId, ActionStatus.FAILED, why, Instant.now());
            audit.entry(operator, AuditActions.ACTION_CANCELLED).saga(action.sagaId(), action.sagaType())
                    .action(actionId).bulkJob(action.bulkJobId()).policy(action.policyId()).reason(reason.trim())
                    .outcome("undelivered commands withdrawn; nothing more is sent").record();
            return store.find(actionId).orElseThrow();
        });
    }

    /** How many actions an automatic policy has requested since {@code since} (its hourly budget). */
    public int countByPolicySince(long policyId, Instant since) {
        return store.countByPolicySince(policyId, since);
    }

    /** Of {@code sagaIds}, those the policy has acted on, or on which any action is waiting or running. */
    public Set<Long> touchedByPolicyOrBusy(Collection<Long> sagaIds, long policyId) {
        return store.touchedByPolicyOrBusy(sagaIds, policyId);
    }

    public Optional<OperatorAction> find(long actionId) {
        return store.find(actionId);
    }

    public List<OperatorAction> forSaga(long sagaId) {
        return store.forSaga(sagaId);
    }

    public List<OperatorAction> pendingApproval() {
        return store.pendingApproval();
    }

    public List<OperatorAction> list(ActionStatus status, Instant since, int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, not " + limit);
        }
        return store.list(status, since, limit);
    }

    private OperatorAction pending(long actionId, String approver) {
        OperatorAction action = store.lock(actionId)
                .orElseThrow(() -> new UnknownTargetException("no action with id " + actionId));
        if (action.status() != ActionStatus.PENDING_APPROVAL) {
            throw new ActionRefusedException(Phrase.of("action.problem.notPending", String.valueOf(actionId),
                    action.status().name()));
        }
        if (action.requestedBy().equals(approver)) {
            throw new ActionRefusedException(Phrase.of("action.problem.fourEyes", String.valueOf(actionId), approver));
        }
        return action;
    }

    /** Runs a decided (and, if needed, approved) action: resolves the saga, or queues the first command. */
    private void start(long actionId, String approver, Instant now) {
        OperatorAction action = store.find(actionId).orElseThrow();
        if (action.kind() == ActionKind.RESOLVE) {
            store.start(actionId, approver, now);
            boolean resolved = sagaStore.resolve(action.sagaId(), now);
            String outcome = resolved ? "saga closed as RESOLVED" : "the saga had ended already; nothing changed";
            store.finish(actionId, resolved ? ActionStatus.RESOLVED : ActionStatus.FAILED, outcome, now);
            audit.entry(action.requestedBy(), AuditActions.SAGA_RESOLVED).saga(action.sagaId(), action.sagaType())
                    .action(actionId).outcome(outcome).record();
            return;
        }
        store.start(actionId, approver, now);
        afterCommit(relay::wake);
    }

    private int nextAttempt(long sagaId, ActionKind kind, String stepKey) {
        return store.latest(sagaId, kind, stepKey)
                .map(latest -> ActionStatus.RETRYABLE.contains(latest.status()) ? latest.attempt() + 1 : latest.attempt())
                .orElse(1);
    }

    private SagaDetail saga(long sagaId) {
        return sagas.find(sagaId).orElseThrow(() -> new UnknownTargetException("no saga with id " + sagaId));
    }

    private static ArrayNode commands(List<PlannedCommand> commands) {
        ArrayNode array = JSON.createArrayNode();
        for (PlannedCommand c : commands) {
            array.addObject().put("seq", c.seq()).put("step", c.step()).put("type", c.commandType())
                    .put("destination", c.destination()).put("idempotencyKey", c.idempotencyKey())
                    .put("expectedEvent", c.expectedEvent()).put("timeout", c.timeout().toString())
                    .set("envelope", c.envelope());
        }
        return array;
    }

    private static String describe(ActionKind kind, List<PlannedCommand> commands) {
        return kind == ActionKind.RESOLVE ? "close the saga by hand"
                : "send " + commands.stream().map(c -> c.commandType() + " (" + c.step() + ")").toList()
                + " in this order, each after the previous one's outcome";
    }

    static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
