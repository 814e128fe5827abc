package io.opsplane.console.ui.compensation;

import java.util.Locale;

import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.shared.Registration;
import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.ActionPreview;
import io.opsplane.console.compensation.ActionRefusedException;
import io.opsplane.console.compensation.ActionRequest;
import io.opsplane.console.compensation.Decision;
import io.opsplane.console.compensation.DryRun;
import io.opsplane.console.compensation.OperatorAction;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.compensation.PlannedCommand;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import tools.jackson.databind.json.JsonMapper;

/**
 * One action on one saga, in three stages: the preview (steps, the exact commands with their payloads and
 * idempotency keys, and why the saga does not allow it if it does not), an optional dry run, and the
 * confirmation with a required reason; then the action's progress, polled each second, until its outcome.
 */
class ActionDialog extends Dialog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OperatorActions actions;
    private final SagaSummary saga;
    private final ActionKind kind;
    private final Div content = new Div();
    private Registration polling;

    ActionDialog(OperatorActions actions, SagaSummary saga, ActionKind kind) {
        this.actions = actions;
        this.saga = saga;
        this.kind = kind;
        setHeaderTitle(title(kind) + " · " + saga.correlationKey());
        setWidth("min(960px, 95vw)");
        // a stray click beside the dialog must not throw away a preview someone is reading
        setCloseOnOutsideClick(false);
        content.setId("action-dialog");
        add(content);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                stopPolling();
            }
        });
        showPreview();
    }

    private static String title(ActionKind kind) {
        return switch (kind) {
            case COMPENSATE -> "Compensate";
            case RETRY_STEP -> "Retry step";
            case RESOLVE -> "Resolve by hand";
        };
    }

    private void showPreview() {
        content.removeAll();
        ActionPreview preview = actions.preview(saga.id(), kind, null);
        content.add(new Paragraph(switch (kind) {
            case COMPENSATE -> "Undoes every completed step that can be undone, latest first; each command is sent"
                    + " once the previous one's outcome event has arrived.";
            case RETRY_STEP -> "Sends the waiting step's retry command" + (preview.step() == null ? "."
                    : ": step " + preview.step() + ".");
            case RESOLVE -> "Closes the saga as RESOLVED without sending anything, for a case fixed outside Opsplane.";
        }));
        Div dryRun = new Div();
        dryRun.setId("dry-run-result");
        content.add(dryRun);
        if (!preview.allowed()) {
            Div problems = new Div();
            problems.setId("action-problems");
            problems.addClassName("opsplane-error");
            preview.problems().forEach(p -> problems.add(new Paragraph(p)));
            content.add(problems);
        }
        if (!preview.commands().isEmpty()) {
            content.add(new H4("Commands, in the order they are sent (attempt " + preview.attempt() + ")"));
            var table = Widgets.table("#", "step", "command", "to", "idempotency key", "proof", "timeout");
            for (PlannedCommand c : preview.commands()) {
                Widgets.row(table, c.seq(), c.step(), c.commandType(), c.destination(), c.idempotencyKey(),
                        c.expectedEvent(), UserTime.duration(c.timeout()));
            }
            table.setId("action-commands");
            content.add(table);
            for (PlannedCommand c : preview.commands()) {
                if (c.note() != null) {
                    Paragraph note = new Paragraph(c.commandType() + " (" + c.step() + ") is sent " + c.note() + ".");
                    note.addClassName("opsplane-warning");
                    note.getElement().setAttribute("data-note", c.step());
                    content.add(note);
                }
            }
            for (PlannedCommand c : preview.commands()) {
                Pre envelope = new Pre(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c.envelope()));
                envelope.addClassName("opsplane-envelope");
                envelope.setId("preview-envelope-" + c.seq());
                content.add(new Span(c.commandType() + " as sent (CloudEvent; time is set when confirmed):"), envelope);
            }
        }
        if (preview.needsApproval()) {
            content.add(Widgets.muted("Above the approval threshold: a second operator must approve before anything is sent."));
        }
        Button check = new Button("Dry run", e -> showDryRun(dryRun));
        check.setId("action-dry-run");
        TextArea reason = new TextArea("Reason (kept in the audit log)");
        reason.setId("action-reason");
        reason.setWidthFull();
        reason.setValueChangeMode(ValueChangeMode.EAGER);
        reason.setEnabled(preview.allowed());
        Button confirm = new Button("Confirm " + title(kind).toLowerCase(Locale.ROOT), e -> confirm(preview, reason.getValue()));
        confirm.setId("action-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.setEnabled(false);
        reason.addValueChangeListener(e -> confirm.setEnabled(preview.allowed() && !e.getValue().isBlank()));
        content.add(reason);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().removeAll();
        getFooter().add(check, cancel, confirm);
    }

    private void showDryRun(Div into) {
        into.removeAll();
        DryRun result = actions.dryRun(saga.id(), kind, null);
        into.add(new H4(result.ok() ? "Dry run: every check passed, nothing was sent" : "Dry run: not every check passed"));
        UnorderedList checks = new UnorderedList();
        for (DryRun.Check check : result.checks()) {
            ListItem item = new ListItem(check.name() + ": " + check.detail());
            item.addClassName("opsplane-check");
            item.getElement().setAttribute("data-ok", String.valueOf(check.ok()));
            checks.add(item);
        }
        into.add(checks);
        into.getElement().setAttribute("data-ok", String.valueOf(result.ok()));
        into.scrollIntoView();
    }

    private void confirm(ActionPreview preview, String reason) {
        Decision decision;
        try {
            decision = actions.confirm(saga.id(), new ActionRequest(kind, preview.step(), reason, preview.attempt()),
                    ActionsSection.userName());
        } catch (ActionRefusedException | IllegalArgumentException e) {
            Paragraph refused = new Paragraph("Refused: " + e.getMessage());
            refused.addClassName("opsplane-error");
            refused.setId("action-refused");
            content.add(refused);
            return;
        }
        showProgress(decision.action().id(), decision.created());
    }

    private void showProgress(long actionId, boolean created) {
        content.removeAll();
        getFooter().removeAll();
        Div progress = new Div();
        progress.setId("action-progress");
        content.add(progress);
        if (!created) {
            content.add(Widgets.muted("This action had been confirmed already (by you or another operator): here is"
                    + " that action; nothing more was sent."));
        }
        Button close = new Button("Close", e -> {
            close();
            UI.getCurrent().getPage().reload();
        });
        close.setId("action-close");
        getFooter().add(close);
        refresh(progress, actionId);
        UI ui = UI.getCurrent();
        ui.setPollInterval(1000);
        ComponentEventListener<PollEvent> listener = e -> refresh(progress, actionId);
        polling = ui.addPollListener(listener);
    }

    private void refresh(Div progress, long actionId) {
        OperatorAction action = actions.find(actionId).orElseThrow();
        progress.removeAll();
        Span status = Widgets.status(action.status());
        status.setId("action-status");
        progress.add(new Div(new Span("Action " + action.id() + " (" + action.kind() + ", attempt " + action.attempt()
                + "): "), status));
        long settled = action.items().stream().filter(i -> !i.state().equals("WAITING") && !i.state().equals("QUEUED")
                && !i.state().equals("SENT")).count();
        if (!action.items().isEmpty()) {
            ProgressBar bar = new ProgressBar(0, action.items().size(), settled);
            bar.setIndeterminate(!action.status().finished() && settled == 0);
            progress.add(bar);
            UnorderedList items = new UnorderedList();
            items.setId("action-items");
            for (OperatorAction.Item item : action.items()) {
                ListItem li = new ListItem(new Span(item.seq() + ". " + item.commandType() + " (" + item.step() + ") "),
                        Widgets.status(item.state()), new Span(describe(item)));
                li.getElement().setAttribute("data-state", item.state());
                items.add(li);
            }
            progress.add(items);
        }
        if (action.status().finished()) {
            Paragraph outcome = new Paragraph(action.outcome());
            outcome.setId("action-outcome");
            progress.add(outcome);
            stopPolling();
        } else if (action.outcome() != null) {
            progress.add(Widgets.muted(action.outcome()));
        }
    }

    private static String describe(OperatorAction.Item item) {
        return switch (item.state()) {
            case "WAITING" -> " waits for the previous command's outcome";
            case "QUEUED" -> " in the outbox, about to be sent";
            case "SENT" -> " sent " + UserTime.time(item.sentAt()) + "; waiting for " + item.expectedEvent() + " until "
                    + UserTime.time(item.deadline());
            case "VERIFIED" -> " " + item.expectedEvent() + " arrived (" + UserTime.time(item.verifiedAt()) + ")";
            default -> item.error() == null ? "" : " " + item.error();
        };
    }

    private void stopPolling() {
        if (polling != null) {
            polling.remove();
            polling = null;
            UI.getCurrent().setPollInterval(-1);
        }
    }

}
