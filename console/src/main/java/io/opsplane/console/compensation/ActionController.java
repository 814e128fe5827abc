package io.opsplane.console.compensation;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.opsplane.console.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Operator actions", description = "Compensate, retry a step or resolve one saga: preview, dry run, confirm, approve")
class ActionController {

    /** What to preview or dry-run: the kind, and the step for RETRY_STEP (the waiting step when left out). */
    record ActionSpec(ActionKind kind, String step) {
        ActionKind required() {
            if (kind == null) {
                throw new IllegalArgumentException("kind is required: one of COMPENSATE, RETRY_STEP, RESOLVE");
            }
            return kind;
        }
    }

    record Reason(String reason) {
    }

    private final OperatorActions actions;
    private final ActionOutcomes outcomes;

    ActionController(OperatorActions actions, ActionOutcomes outcomes) {
        this.actions = actions;
        this.outcomes = outcomes;
    }

    @PostMapping("/api/sagas/{id}/actions/preview")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "What an action would do: the steps affected, the exact commands with payloads and idempotency keys")
    ActionPreview preview(@PathVariable long id, @RequestBody ActionSpec spec) {
        return actions.preview(id, spec.required(), spec.step());
    }

    @PostMapping("/api/sagas/{id}/actions/dry-run")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Validate an action without sending: saga state, commands defined, destinations reachable and allowed")
    DryRun dryRun(@PathVariable long id, @RequestBody ActionSpec spec) {
        return actions.dryRun(id, spec.required(), spec.step());
    }

    @PostMapping("/api/sagas/{id}/actions")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Confirm an action with a reason",
            description = "201 with the new action; 200 with the existing one when this action was confirmed already"
                    + " (by this or another operator): nothing more is sent. 409 when the saga does not allow it.")
    ResponseEntity<OperatorAction> confirm(@PathVariable long id, @RequestBody ActionRequest request,
                                           Authentication user) {
        Decision decision = actions.confirm(id, request, user.getName());
        return decision.created()
                ? ResponseEntity.created(URI.create("/api/actions/" + decision.action().id())).body(decision.action())
                : ResponseEntity.ok(decision.action());
    }

    @GetMapping("/api/sagas/{id}/actions")
    @Operation(summary = "The actions taken on a saga, newest first")
    List<OperatorAction> forSaga(@PathVariable long id) {
        return actions.forSaga(id);
    }

    @GetMapping("/api/actions")
    @Operation(summary = "Actions, newest first (without their commands)")
    List<OperatorAction> list(@RequestParam(required = false) ActionStatus status,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
                              @RequestParam(defaultValue = "100") int limit) {
        return actions.list(status, since, limit);
    }

    @GetMapping("/api/actions/pending")
    @Operation(summary = "Actions awaiting a second operator's approval")
    List<OperatorAction> pending() {
        return actions.pendingApproval();
    }

    @GetMapping("/api/actions/unsuccessful")
    @Operation(summary = "UNVERIFIED or FAILED actions since a time, by saga type and step (what alerting watches)")
    List<ActionOutcomes.UnsuccessfulActions> unsuccessful(
            @Parameter(description = "ISO-8601 time") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
        return outcomes.unsuccessfulSince(since);
    }

    @GetMapping("/api/actions/{id}")
    @Operation(summary = "One action with its commands and what became of each")
    OperatorAction get(@PathVariable long id) {
        return actions.find(id).orElseThrow(() -> new NotFoundException("no action with id " + id));
    }

    @PostMapping("/api/actions/{id}/approve")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Approve a pending action (four-eyes: not by whoever requested it)")
    OperatorAction approve(@PathVariable long id, Authentication user) {
        return actions.approve(id, user.getName());
    }

    @PostMapping("/api/actions/{id}/cancel")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Withdraw an action's command that is still waiting for its destination, with a reason;"
            + " the action ends FAILED and nothing more is sent")
    OperatorAction cancel(@PathVariable long id, @RequestBody Reason reason, Authentication user) {
        return actions.cancelUndelivered(id, user.getName(), reason.reason());
    }

    @PostMapping("/api/actions/{id}/reject")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Reject a pending action, with a reason; nothing is sent")
    OperatorAction reject(@PathVariable long id, @RequestBody Reason reason, Authentication user) {
        return actions.reject(id, user.getName(), reason.reason());
    }
}
